// /ctia/bulk: many entities of many families in one call. Create answers each family's list of new ids (or the
// error of an entity) and `tempids` for the transient ids it resolved; read answers each family's entities (null
// where not found); update, patch and delete answer each family's {updated|deleted, errors: {not-found}}.
import { atomically, type Actor, type IntelContext } from './context.ts'
import { familyOfPlural, type EntityFamily } from './entity-families.ts'
import { buildEntity, creationRows, findEntity, nowIso, rowWriter, patchEntity, removeEntities, replaceEntity } from './entities.ts'
import { present } from './entity-defaults.ts'
import { isTransientId, keyOf } from './entity-ids.ts'
import { creationPhase, resolveRefs } from './transient-ids.ts'
import type { EntityRow } from '../store/index.ts'
import { CtiaError, badRequest, entityError } from './errors.ts'

type Doc = Record<string, unknown>

/** CTIA's default `ctia.http.bulk.max-size`: more entities in one bulk call is a 400. */
export const BULK_MAX_SIZE = 2000

function families(body: Doc): [EntityFamily, unknown[]][] {
  const found = Object.entries(body).flatMap(([plural, items]) => {
    const family = familyOfPlural(plural)
    return family && Array.isArray(items) ? [[family, items] as [EntityFamily, unknown[]]] : []
  })
  checkSize(found.reduce((n, [, items]) => n + items.length, 0))
  return found
}

function checkSize(count: number): void {
  if (count > BULK_MAX_SIZE) throw badRequest(`Bulk max nb of entities: ${BULK_MAX_SIZE}`)
}

/** Creates each family's entities in CTIA's phases; the answer maps the transient ids given to the ids created. */
export async function bulkCreate(ctx: IntelContext, actor: Actor, body: Doc): Promise<Doc> {
  return atomically(ctx, async (tx) => {
    const now = nowIso(tx, actor)
    const out: Doc = {}
    const tempids = new Map<string, string>()
    const writer = rowWriter(tx)
    for (const [family, items] of families(body).sort(([a], [b]) => creationPhase(a) - creationPhase(b))) {
      const ids: unknown[] = []
      for (const item of items) {
        const created = createOne(tx, actor, family, item, now, tempids)
        if (created.rows) await writer.add(created.rows)
        ids.push(created.answer)
      }
      out[family.plural] = ids
    }
    await writer.flush()
    return tempids.size > 0 ? { ...out, tempids: Object.fromEntries(tempids) } : out
  })
}

/** One entity of a bulk: its new id (and rows), or the error CTIA lists in its place. */
function createOne(ctx: IntelContext, actor: Actor, family: EntityFamily, item: unknown, now: string, tempids: Map<string, string>): { answer: unknown; rows?: EntityRow[] } {
  const doc = item !== null && typeof item === 'object' && !Array.isArray(item) ? resolveRefs(family, item as Doc, tempids) : item
  try {
    const record = buildEntity(ctx, actor, family, doc, now)
    const transientId = (doc as Doc).id
    if (isTransientId(transientId)) tempids.set(transientId, String(record.document.id))
    return { answer: record.document.id, rows: creationRows(ctx, actor, record, now) }
  } catch (error) {
    if (!(error instanceof CtiaError)) throw error
    const realize = error.code === 'realize_entity_error'
    return { answer: { ...entityError(error), type: realize ? 'realize-entity-error' : family.type, id: realize ? error.body.id : null } }
  }
}

export async function bulkRead(ctx: IntelContext, actor: Actor, ids: Record<string, string[]>): Promise<Doc> {
  checkSize(Object.values(ids).reduce((n, list) => n + list.length, 0))
  const out: Doc = {}
  for (const [plural, list] of Object.entries(ids)) {
    const family = familyOfPlural(plural)
    if (!family) continue
    const keys = list.map((id) => keyOf(id, family.type))
    const found = await ctx.store.entities.findMany(actor.orgId, keys.filter((k): k is string => k !== undefined))
    const byKey = new Map(found.map((r) => [r.key, r.document]))
    out[plural] = keys.map((key) => {
      const doc = key ? byKey.get(key) : undefined
      return doc ? present(family, doc) : null
    })
  }
  return out
}

/**
 * Runs `act` on each item in turn; ids CTIA answers 404 for are set apart in CTIA's `errors.not-found`, any other
 * error aborts the whole bulk call.
 */
async function eachOrNotFound<T>(items: T[], idOf: (item: T) => string, act: (item: T, id: string) => Promise<void>): Promise<{ done: string[]; errors?: Doc }> {
  const done: string[] = []
  const notFound: string[] = []
  for (const item of items) {
    const id = idOf(item)
    try {
      await act(item, id)
      done.push(id)
    } catch (error) {
      if (!(error instanceof CtiaError) || error.status !== 404) throw error
      notFound.push(id)
    }
  }
  return { done, ...(notFound.length ? { errors: { 'not-found': notFound } } : {}) }
}

export async function bulkDelete(ctx: IntelContext, actor: Actor, body: Doc): Promise<Doc> {
  return atomically(ctx, async (tx) => {
    const out: Doc = {}
    for (const [family, ids] of families(body)) {
      const { done, errors } = await eachOrNotFound(ids, String, async (_, id) => {
        await removeEntities(tx, actor, [await findEntity(tx, actor, family, id)])
      })
      out[family.plural] = { deleted: done, ...(errors ? { errors } : {}) }
    }
    return out
  })
}

/** PUT (replace) or PATCH (merge) of entities given with their ids. */
export async function bulkUpdate(ctx: IntelContext, actor: Actor, body: Doc, mode: 'replace' | 'patch'): Promise<Doc> {
  return atomically(ctx, async (tx) => {
    const out: Doc = {}
    for (const [family, items] of families(body)) {
      const { done, errors } = await eachOrNotFound(items as Doc[], (item) => String(item?.id ?? ''), async (item, id) => {
        const { id: _id, ...input } = item ?? {}
        if (mode === 'replace') await replaceEntity(tx, actor, family, id, input, 'bulk')
        else await patchEntity(tx, actor, family, id, input, 'bulk')
      })
      out[family.plural] = { updated: done, ...(errors ? { errors } : {}) }
    }
    return out
  })
}
