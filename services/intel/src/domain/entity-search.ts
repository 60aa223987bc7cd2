// Search, count and delete-by-search over one family of an org (CTIA's /ctia/<type>/search routes).
import type { Actor, IntelContext } from './context.ts'
import type { EntityFamily } from './entity-families.ts'
import { badRequest } from './errors.ts'
import { matcher, searchDocuments, type SearchPage, type SearchParams } from './search.ts'
import { present } from './entity-defaults.ts'
import { removeEntities } from './entities.ts'

async function documents(ctx: IntelContext, actor: Actor, family: EntityFamily) {
  return (await ctx.store.entities.listType(actor.orgId, family.type)).map((record) => record.document)
}

export async function searchEntities(ctx: IntelContext, actor: Actor, family: EntityFamily, params: SearchParams): Promise<SearchPage> {
  return searchDocuments(await documents(ctx, actor, family), params, (doc) => present(family, doc))
}

export async function countEntities(ctx: IntelContext, actor: Actor, family: EntityFamily, params: SearchParams): Promise<number> {
  return (await documents(ctx, actor, family)).filter(matcher(params)).length
}

function hasCriteria(params: SearchParams): boolean {
  return Boolean(params.query?.trim() || params.simple_query?.trim() || params.from || params.to || Object.keys(params.filters ?? {}).length > 0)
}

/**
 * Deletes what a search selects, only when `confirmed` (CTIA's REALLY_DELETE_ALL_THESE_ENTITIES); otherwise a dry
 * run. Either way the answer is how many entities match. A search without any criterion is refused.
 */
export async function deleteBySearch(ctx: IntelContext, actor: Actor, family: EntityFamily, params: SearchParams, confirmed: boolean): Promise<number> {
  if (!hasCriteria(params)) {
    throw badRequest('To delete entities by search, give at least one of query, simple_query, from, to or a field filter')
  }
  const select = matcher(params)
  const selected = (await ctx.store.entities.listType(actor.orgId, family.type)).filter((record) => select(record.document))
  if (!confirmed) return selected.length
  return removeEntities(ctx, actor, selected)
}
