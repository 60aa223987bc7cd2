// Search, count and delete-by-search over one family of an org (CTIA's /ctia/<type>/search routes), run by the store
// in the database so that only the page asked for is read.
import type { Actor, IntelContext } from './context.ts'
import type { EntityFamily } from './entity-families.ts'
import { deleteSearchWithoutCriteria } from './errors.ts'
import { pageOf, searchDateField, searchFilter, selectionOf, withDefaultSort, type SearchPage, type SearchParams } from './search.ts'
import { present } from './entity-defaults.ts'
import { removeEntities } from './entities.ts'
import { searchableOf } from './search-index.ts'

type Doc = Record<string, unknown>

/** One page of a search; `view` shapes each hit (by default, what the family's Swagger response shows). */
export async function searchEntities(ctx: IntelContext, actor: Actor, family: EntityFamily, params: SearchParams, view: (doc: Doc) => Doc = (doc) => present(family, doc)): Promise<SearchPage> {
  const sorted = withDefaultSort(params, family.type)
  const { records, total } = await ctx.store.entities.search(actor.orgId, family.type, selectionOf(sorted, searchDateField(family.type)))
  return pageOf(records.map((r) => r.document), total, sorted, view)
}

export async function countEntities(ctx: IntelContext, actor: Actor, family: EntityFamily, params: SearchParams): Promise<number> {
  return ctx.store.entities.count(actor.orgId, family.type, searchFilter(params, searchDateField(family.type)))
}

function hasCriteria(params: SearchParams): boolean {
  return Boolean(params.query?.trim() || params.simple_query?.trim() || params.from || params.to || Object.keys(params.filters ?? {}).length > 0)
}

/**
 * Deletes what a search selects, only when `confirmed` (CTIA's REALLY_DELETE_ALL_THESE_ENTITIES); otherwise a dry
 * run. Either way the answer is how many entities match. A search without any criterion is CTIA's 403.
 */
export async function deleteBySearch(ctx: IntelContext, actor: Actor, family: EntityFamily, params: SearchParams, confirmed: boolean): Promise<number> {
  if (!hasCriteria(params)) {
    throw deleteSearchWithoutCriteria()
  }
  const filter = searchFilter(params, searchDateField(family.type))
  if (!confirmed) return ctx.store.entities.count(actor.orgId, family.type, filter)
  return removeEntities(ctx, actor, await ctx.store.entities.select(actor.orgId, family.type, filter))
}

/** Fills the searchable form of rows stored before search ran in the database; answers how many it filled. */
export async function indexUnsearchable(ctx: IntelContext, batch = 500): Promise<number> {
  let filled = 0
  for (;;) {
    const records = await ctx.store.entities.unsearchable(batch)
    for (const record of records) await ctx.store.entities.setSearchable(record.key, searchableOf(record.document))
    filled += records.length
    if (records.length < batch) return filled
  }
}
