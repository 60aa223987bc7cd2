// The observable routes: an observable's verdict, judgements and sightings in an org, and the indicators and
// incidents that relationships link those judgements and sightings to.
import type { Actor, IntelContext } from './context.ts'
import { familyOf } from './entity-families.ts'
import { present } from './entity-defaults.ts'
import { typeOfId } from './entity-ids.ts'
import { badRequest } from './errors.ts'
import { searchDocuments, type SearchPage, type SearchParams } from './search.ts'
import { verdictOf, winningJudgement, type Verdict } from './verdicts.ts'

type Doc = Record<string, unknown>

async function about(ctx: IntelContext, actor: Actor, type: 'judgement' | 'sighting', observable: { type: string; value: string }): Promise<Doc[]> {
  const records = await ctx.store.entities.byObservable(actor.orgId, type, `${observable.type}:${observable.value}`)
  return records.map((r) => r.document)
}

export async function observableVerdict(ctx: IntelContext, actor: Actor, observable: { type: string; value: string }): Promise<Verdict | undefined> {
  const winner = winningJudgement(await about(ctx, actor, 'judgement', observable), ctx.clock.now(actor.orgId).getTime())
  return winner ? verdictOf(winner) : undefined
}

/** One page of the observable's judgements or sightings; `view` shapes each (by default, as the Swagger shows it). */
export async function observableEntities(ctx: IntelContext, actor: Actor, type: 'judgement' | 'sighting', observable: { type: string; value: string }, params: SearchParams, view?: (doc: Doc) => Doc): Promise<SearchPage> {
  const family = familyOf(type)
  if (!family) throw badRequest(`unknown entity type ${type}`)
  return searchDocuments(await about(ctx, actor, type, observable), { ...params, filters: {} }, view ?? ((doc) => present(family, doc)))
}

// The relationships CTIA follows from an observable's judgements or sightings to each target (ctia.observable.core).
const LINK_TYPES: Record<'judgement' | 'sighting', Partial<Record<'indicator' | 'incident', string[]>>> = {
  judgement: { indicator: ['based-on', 'element-of'] },
  sighting: { indicator: ['sighting-of', 'member-of'], incident: ['member-of'] },
}

/** Ids of `targetType` entities that the observable's judgements or sightings point at, by CTIA's relationship types. */
export async function linkedIds(ctx: IntelContext, actor: Actor, from: 'judgement' | 'sighting', targetType: 'indicator' | 'incident', observable: { type: string; value: string }, params: SearchParams): Promise<SearchPage> {
  const links = await ctx.store.entities.observableLinks(actor.orgId, from, `${observable.type}:${observable.value}`)
  const types = LINK_TYPES[from][targetType] ?? []
  const ids = new Set<string>()
  for (const { entity, sourceRef, targetRef, relationshipType } of links) {
    if (sourceRef === entity && types.includes(relationshipType) && typeOfId(targetRef) === targetType) ids.add(targetRef)
  }
  const page = searchDocuments([...ids].map((id) => ({ id })), { ...params, sort_by: 'id', filters: {} })
  return { ...page, hits: page.hits.map((hit) => hit.id) as unknown as Doc[] }
}
