// CTIA's event log: every create, update and delete of an entity leaves an event (stored as an entity of type
// `event` in the same org), searchable and grouped into an entity's history.
import type { Actor, IntelContext } from './context.ts'
import { newEntityId } from './entity-ids.ts'
import type { Document, EntityRow } from '../store/index.ts'
import { searchableOf } from './search-index.ts'

export type EventType = 'record-created' | 'record-updated' | 'record-deleted'

interface FieldUpdate { field: string; action: 'added' | 'deleted' | 'modified'; change: { before?: unknown; after?: unknown } }

/** JSON with object keys sorted, so equal values compare equal whatever order the database kept their keys in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Document)[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** What changed between two versions of a document, top-level field by field. */
export function fieldUpdates(before: Document, after: Document): FieldUpdate[] {
  const updates: FieldUpdate[] = []
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (field === 'modified') continue
    const [b, a] = [before[field], after[field]]
    if (b === undefined) updates.push({ field, action: 'added', change: { after: a } })
    else if (a === undefined) updates.push({ field, action: 'deleted', change: { before: b } })
    else if (canonical(a) !== canonical(b)) updates.push({ field, action: 'modified', change: { before: b, after: a } })
  }
  return updates
}

/** The row of an event about `entity`, not yet written (a batch writes many at once). */
export function eventRow(ctx: IntelContext, actor: Actor, eventType: EventType, entity: Document, now: string, before?: Document): EntityRow {
  const { id, key } = newEntityId(ctx.publicHost, 'event', ctx.uuid())
  const document: Document = {
    id, type: 'event', owner: actor.owner, groups: [actor.orgId], timestamp: now, event_type: eventType, entity,
    ...(typeof entity.tlp === 'string' ? { tlp: entity.tlp } : {}),
    ...(before ? { fields: fieldUpdates(before, entity) } : {}),
  }
  const at = new Date(now)
  return {
    record: { key, orgId: actor.orgId, type: 'event', document },
    index: { externalIds: [], observables: [`entity:${String(entity.id)}`], timestamp: at, createdAt: at, modifiedAt: at, searchable: searchableOf(document) },
  }
}

export async function recordEvent(ctx: IntelContext, actor: Actor, eventType: EventType, entity: Document, now: string, before?: Document): Promise<void> {
  await ctx.store.entities.insertMany([eventRow(ctx, actor, eventType, entity, now, before)])
}

/** An entity's events, grouped as CTIA's history: one bucket per owner and minute. */
export async function entityHistory(ctx: IntelContext, actor: Actor, entityId: string): Promise<Document[]> {
  const events = (await ctx.store.entities.byObservable(actor.orgId, 'event', `entity:${entityId}`)).map((r) => r.document)
  events.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)))
  const buckets: Document[] = []
  for (const event of events) {
    const last = buckets[buckets.length - 1]
    const minute = String(event.timestamp).slice(0, 16)
    if (last && last.owner === event.owner && String(last.from).slice(0, 16) === minute) {
      ;(last.events as Document[]).push(event)
      last.count = (last.events as Document[]).length
      last.to = event.timestamp
    } else {
      buckets.push({ owner: event.owner, from: event.timestamp, to: event.timestamp, count: 1, events: [event] })
    }
  }
  return buckets
}
