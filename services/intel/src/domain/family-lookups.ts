// Lookups a family offers beside search: an attack pattern by its MITRE ATT&CK id, vulnerabilities by CPE 2.3
// match strings, and a feed's view (the judgements of its indicator, read with the feed's secret, no token).
import type { Actor, IntelContext } from './context.ts'
import { familyOf } from './entity-families.ts'
import { present } from './entity-defaults.ts'
import { keyOf } from './entity-ids.ts'
import { CtiaError, entityNotFound } from './errors.ts'
import { valuesAt } from './lucene-match.ts'
import { searchDocuments, withDefaultSort, type SearchPage, type SearchParams } from './search.ts'
import { isValidAt } from './verdicts.ts'

type Doc = Record<string, unknown>

export async function attackPatternByMitreId(ctx: IntelContext, actor: Actor, mitreId: string): Promise<Doc> {
  const family = familyOf('attack-pattern')!
  const found = (await ctx.store.entities.listType(actor.orgId, family.type)).map((r) => r.document)
    .find((doc) => valuesAt(doc, ['external_references', 'external_id']).some((id) => String(id).toUpperCase() === mitreId.toUpperCase()))
  if (!found) throw entityNotFound(family.type, mitreId)
  return present(family, found)
}

/** Whether two CPE 2.3 strings match component by component, `*` (and `-` against `-`) matching anything. */
export function cpeMatches(a: string, b: string): boolean {
  const [x, y] = [a.split(':'), b.split(':')]
  if (x.length !== y.length) return false
  return x.every((part, i) => part === '*' || y[i] === '*' || part.toLowerCase() === y[i]!.toLowerCase())
}

export async function vulnerabilitiesByCpe(ctx: IntelContext, actor: Actor, cpes: string[], params: SearchParams): Promise<SearchPage> {
  const family = familyOf('vulnerability')!
  const docs = (await ctx.store.entities.listType(actor.orgId, family.type)).map((r) => r.document)
    .filter((doc) => valuesAt(doc, ['configurations', 'nodes', 'cpe_match', 'cpe23Uri']).concat(valuesAt(doc, ['configurations', 'nodes', 'children', 'cpe_match', 'cpe23Uri']))
      .some((uri) => cpes.some((cpe) => cpeMatches(String(uri), cpe))))
  return searchDocuments(docs, withDefaultSort(params, family.type), (doc) => present(family, doc))
}

/**
 * A feed's view, as CTIA's fetch-feed builds it: the valid judgements that are `element-of` its indicator, found
 * without a token (the `s` secret stands for it), answered as the feed's `output` asks: their distinct observables
 * or the judgements themselves.
 */
export async function feedView(ctx: IntelContext, feedKey: string, secret: string, limit: number | undefined): Promise<{ judgements: Doc[] } | { observables: Doc[] }> {
  const key = keyOf(feedKey, 'feed')
  const feed = key ? await ctx.store.entities.findAnyOrg(key) : undefined
  if (!feed) throw entityNotFound('feed', feedKey)
  if (feed.document.secret !== secret) throw new CtiaError(401, { error: 'wrong secret' }, 'unauthorized')
  const orgId = feed.orgId
  const now = ctx.clock.now(orgId).getTime()
  const indicator = String(feed.document.indicator_id ?? '')
  const relationships = (await ctx.store.entities.listType(orgId, 'relationship')).map((r) => r.document)
    .filter((rel) => rel.relationship_type === 'element-of' && rel.target_ref === indicator)
  const judgementKeys = [...new Set(relationships.map((rel) => keyOf(String(rel.source_ref), 'judgement')).filter((k): k is string => k !== undefined))]
  const family = familyOf('judgement')!
  const judgements = (await ctx.store.entities.findMany(orgId, judgementKeys)).map((r) => r.document)
    .filter((doc) => isValidAt(doc, now)).slice(0, limit ?? 10_000).map((doc) => present(family, doc))
  if (feed.document.output === 'judgements') return { judgements }
  const observables = [...new Map(judgements.map((j) => [JSON.stringify(j.observable), j.observable as Doc])).values()]
  return { observables }
}
