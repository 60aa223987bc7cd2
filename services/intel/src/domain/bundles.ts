// Bundle import and export. Import creates every entity of a bundle in one transaction: an entity whose external ids
// (those with a configured prefix) already name one of the org's entities is not created again ("exists"); ids
// given as `transient:...` resolve to the real ids, and every reference to them (a relationship's source_ref and
// target_ref, any *_ref or *_refs field) is re-pointed. Export gathers entities by id with their relationships.
import { atomically, type Actor, type IntelContext } from './context.ts'
import { ENTITY_FAMILIES, familyOf, familyOfPlural, type EntityFamily } from './entity-families.ts'
import { buildEntity, insertEntity, nowIso } from './entities.ts'
import { present } from './entity-defaults.ts'
import { isTransientId, keyOf, typeOfId } from './entity-ids.ts'
import { CtiaError } from './errors.ts'
import type { EntityRecord } from '../store/index.ts'

type Doc = Record<string, unknown>

export interface ImportResult {
  id?: string
  original_id?: string
  result: 'created' | 'exists' | 'error'
  type: string
  external_ids?: string[]
  error?: string
  msg?: string
}

/** CTIA's default external-key prefix: only external ids starting with a prefix identify an entity across imports. */
export const DEFAULT_EXTERNAL_KEY_PREFIXES = ['ctia-']

function repoint(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value
  if (Array.isArray(value)) return value.map((item) => repoint(item, ids))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, repoint(v, ids)]))
  return value
}

function unresolved(value: unknown): string | undefined {
  if (isTransientId(value)) return value
  if (Array.isArray(value)) return value.map(unresolved).find(Boolean)
  if (value !== null && typeof value === 'object') return Object.values(value).map(unresolved).find(Boolean)
  return undefined
}

// Relationships (and casebooks, whose bundles cite others) come last, once the entities they point at have ids.
const LATE = new Set(['relationship', 'casebook', 'note'])

export async function importBundle(ctx: IntelContext, actor: Actor, bundle: Doc, prefixes = DEFAULT_EXTERNAL_KEY_PREFIXES): Promise<{ results: ImportResult[] }> {
  const entries = Object.entries(bundle)
    .map(([key, value]) => ({ family: familyOfPlural(key), items: Array.isArray(value) ? (value as Doc[]) : [] }))
    .filter((entry): entry is { family: EntityFamily; items: Doc[] } => entry.family !== undefined)
    .sort((a, b) => Number(LATE.has(a.family.type)) - Number(LATE.has(b.family.type)))
  return atomically(ctx, async (tx) => {
    const now = nowIso(tx, actor)
    const ids = new Map<string, string>()
    const results: ImportResult[] = []
    for (const { family, items } of entries) {
      for (const item of items) results.push(await importOne(tx, actor, family, item, ids, prefixes, now))
    }
    return { results }
  })
}

async function importOne(ctx: IntelContext, actor: Actor, family: EntityFamily, item: Doc, ids: Map<string, string>, prefixes: string[], now: string): Promise<ImportResult> {
  const originalId = typeof item.id === 'string' ? item.id : undefined
  const externalIds = Array.isArray(item.external_ids) ? item.external_ids.filter((x): x is string => typeof x === 'string') : []
  const base = { type: family.type, ...(originalId ? { original_id: originalId } : {}), ...(externalIds.length ? { external_ids: externalIds } : {}) }
  const keys = externalIds.filter((x) => prefixes.some((p) => x.startsWith(p)))
  const existing = await ctx.store.entities.byExternalIds(actor.orgId, family.type, keys)
  if (existing.length > 1) return { ...base, result: 'error', error: `More than one entity is linked to the external ids ${keys.join(', ')}` }
  if (existing[0]) {
    const id = String(existing[0].document.id)
    if (originalId) ids.set(originalId, id)
    return { ...base, result: 'exists', id }
  }
  const { id: _id, ...input } = repoint(item, ids) as Doc
  const missing = unresolved(input)
  if (missing) return { ...base, result: 'error', error: `Unresolvable transient id: ${missing}` }
  let record: EntityRecord
  try {
    record = buildEntity(ctx, actor, family, input, now)
  } catch (error) {
    if (error instanceof CtiaError) return { ...base, result: 'error', error: 'Entity validation error', msg: JSON.stringify(error.body.errors ?? error.body) }
    throw error
  }
  await insertEntity(ctx, actor, record, now)
  const id = String(record.document.id)
  if (originalId) ids.set(originalId, id)
  return { ...base, result: 'created', id }
}

export interface ExportOptions {
  relatedTo: string[]
  sourceTypes?: string[]
  targetTypes?: string[]
  includeRelated: boolean
}

/** A bundle of the org's entities named by `ids`, the relationships that touch them and, if asked, the other ends. */
export async function exportBundle(ctx: IntelContext, actor: Actor, ids: string[], options: ExportOptions): Promise<Doc> {
  const keys = ids.map((id) => keyOf(id)).filter((k): k is string => k !== undefined)
  const found = await ctx.store.entities.findMany(actor.orgId, keys)
  const chosen = new Set(found.map((r) => String(r.document.id)))
  const relationships = (await ctx.store.entities.listType(actor.orgId, 'relationship')).map((r) => r.document).filter((rel) => {
    const [source, target] = [String(rel.source_ref), String(rel.target_ref)]
    const touches = (options.relatedTo.includes('source_ref') && chosen.has(source)) || (options.relatedTo.includes('target_ref') && chosen.has(target))
    const typeOk = (!options.sourceTypes?.length || options.sourceTypes.includes(typeOfId(source) ?? ''))
      && (!options.targetTypes?.length || options.targetTypes.includes(typeOfId(target) ?? ''))
    return touches && typeOk && !chosen.has(String(rel.id))
  })
  const documents = new Map<string, Doc>(found.map((r) => [String(r.document.id), r.document]))
  for (const rel of relationships) documents.set(String(rel.id), rel)
  if (options.includeRelated) {
    const others = relationships.flatMap((rel) => [String(rel.source_ref), String(rel.target_ref)]).filter((id) => !documents.has(id))
    const more = await ctx.store.entities.findMany(actor.orgId, others.map((id) => keyOf(id)).filter((k): k is string => k !== undefined))
    for (const r of more) documents.set(String(r.document.id), r.document)
  }
  const bundle: Doc = { type: 'bundle', source: 'ctia' }
  for (const doc of documents.values()) {
    const family = familyOf(String(doc.type))
    if (!family) continue
    ;((bundle[family.plural] ??= []) as Doc[]).push(present(family, doc))
  }
  return bundle
}

export const EXPORTABLE_TYPES = ENTITY_FAMILIES.map((f) => f.type)
