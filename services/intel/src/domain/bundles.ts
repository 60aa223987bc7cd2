// Bundle import and export, as CTIA's bundle/core.clj and bulk/core.clj do them. Import creates every entity of a
// bundle in one transaction: an entity whose external ids (all of them, or those with one of the given prefixes)
// already name one of the org's entities is not created again ("exists"). Ids given as `transient:...` resolve only
// where CTIA resolves them: a relationship's source_ref and target_ref, and an asset mapping's or asset properties'
// asset_ref; any other field keeps what was sent. Export gathers entities by id with their relationships.
import { atomically, type Actor, type IntelContext } from './context.ts'
import { ENTITY_FAMILIES, familyOf, familyOfPlural, type EntityFamily } from './entity-families.ts'
import { buildEntity, creationRows, nowIso, rowWriter } from './entities.ts'
import { present } from './entity-defaults.ts'
import { isTransientId, keyOf, typeOfId } from './entity-ids.ts'
import { CtiaError, entityError } from './errors.ts'
import { creationPhase, resolveRefs } from './transient-ids.ts'
import type { EntityRecord, EntityRow } from '../store/index.ts'

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

/** `external-key-prefixes` as CTIA parses it: a comma-separated list, or none (every external id identifies). */
export function parseKeyPrefixes(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((p) => p.trim())
}

/** What an import knows while it runs: the ids it resolved and the external ids already taken. */
interface Import {
  ids: Map<string, string>
  /** Per family, each external id of the bundle's with the ids of the entities it names. */
  taken: Map<string, Map<string, Set<string>>>
  prefixes: string[] | undefined
  now: string
}

/** The external ids that identify an entity across imports: all of them without prefixes, else the prefixed ones. */
function keyed(item: Doc, prefixes: string[] | undefined): string[] {
  const all = (Array.isArray(item.external_ids) ? item.external_ids : []).filter((x): x is string => typeof x === 'string')
  return prefixes?.length ? prefixes.flatMap((p) => all.filter((x) => x.startsWith(p))) : all
}

function claim(taken: Map<string, Set<string>>, externalIds: string[], id: string): void {
  for (const externalId of externalIds) taken.set(externalId, (taken.get(externalId) ?? new Set()).add(id))
}

/** The org's entities named by the bundle's external ids, one query per family. */
async function takenExternalIds(ctx: IntelContext, actor: Actor, entries: { family: EntityFamily; items: Doc[] }[], prefixes: string[] | undefined) {
  const taken = new Map<string, Map<string, Set<string>>>()
  for (const { family, items } of entries) {
    const byId = taken.get(family.type) ?? new Map<string, Set<string>>()
    taken.set(family.type, byId)
    for (const record of await ctx.store.entities.byExternalIds(actor.orgId, family.type, [...new Set(items.flatMap((item) => keyed(item, prefixes)))])) {
      claim(byId, Array.isArray(record.document.external_ids) ? record.document.external_ids.map(String) : [], String(record.document.id))
    }
  }
  return taken
}

export async function importBundle(ctx: IntelContext, actor: Actor, bundle: Doc, prefixes?: string[]): Promise<{ results: ImportResult[] }> {
  const entries = Object.entries(bundle)
    .map(([key, value]) => ({ family: familyOfPlural(key), items: Array.isArray(value) ? (value as Doc[]) : [] }))
    .filter((entry): entry is { family: EntityFamily; items: Doc[] } => entry.family !== undefined)
    .sort((a, b) => creationPhase(a.family) - creationPhase(b.family))
  return atomically(ctx, async (tx) => {
    const run: Import = { ids: new Map(), taken: await takenExternalIds(tx, actor, entries, prefixes), prefixes, now: nowIso(tx, actor) }
    const results: ImportResult[] = []
    const writer = rowWriter(tx)
    for (const { family, items } of entries) {
      for (const item of items) {
        const { result, rows } = importOne(tx, actor, family, item, run)
        results.push(result)
        await writer.add(rows)
      }
    }
    await writer.flush()
    return { results }
  })
}

function importOne(ctx: IntelContext, actor: Actor, family: EntityFamily, item: Doc, run: Import): { result: ImportResult; rows: EntityRow[] } {
  const originalId = isTransientId(item.id) ? item.id : undefined
  const keys = keyed(item, run.prefixes)
  const base = { type: family.type, ...(originalId ? { original_id: originalId } : {}), ...(keys.length ? { external_ids: keys } : {}) }
  // Only what was stored before the import can exist (CTIA looks them up first); of several, the first one.
  const taken = run.taken.get(family.type)!
  const [existing] = [...new Set(keys.flatMap((key) => [...(taken.get(key) ?? [])]))].sort()
  if (existing) {
    if (originalId) run.ids.set(originalId, existing)
    return { result: { ...base, result: 'exists', id: existing }, rows: [] }
  }
  const { id: _id, ...input } = resolveRefs(family, item, run.ids)
  let record: EntityRecord
  try {
    record = buildEntity(ctx, actor, family, input, run.now)
  } catch (error) {
    if (error instanceof CtiaError) return { result: { ...base, result: 'error', ...entityError(error) }, rows: [] }
    throw error
  }
  const rows = creationRows(ctx, actor, record, run.now)
  const id = String(record.document.id)
  if (originalId) run.ids.set(originalId, id)
  return { result: { ...base, result: 'created', id }, rows }
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
