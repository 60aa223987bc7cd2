// The IROH events of private-intel writes made through CTR (/iroh/private-intel): incidents created, changed (with
// the fields that changed), moved to another status, deleted, and notes created, built from what CTIA answered.
import type { IrohEvent } from '@ctrmock/types'
import type { Caller, CtrContext } from './context.ts'
import { recordEvents, type EventData } from './iroh-events.ts'

type Entity = Record<string, unknown>

/** The write a forwarded call made, named for the events it gives. */
export type PrivateIntelWrite = 'incident-created' | 'incident-updated' | 'incident-status' | 'note-created' | 'bundle-import' | 'bulk-delete'

/** UpdatedField: each top-level field a change added, deleted or modified, with its value before and after. */
function updatedFields(before: Entity, after: Entity) {
  const ignored = new Set(['id', 'timestamp', 'modified', 'revision'])
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !ignored.has(k)).sort()
  return keys.flatMap((field) => {
    const [was, is] = [before[field], after[field]]
    if (JSON.stringify(was) === JSON.stringify(is)) return []
    const action = was === undefined ? 'added' : is === undefined ? 'deleted' : 'modified'
    return [{ field, action, value: { ...(was === undefined ? {} : { before: was }), ...(is === undefined ? {} : { after: is }) } }]
  })
}

const str = (value: unknown) => typeof value === 'string' ? value : undefined

/** The events a successful private-intel write gives: `written` is CTIA's answer, `before` the incident before it. */
export function privateIntelEvents(write: PrivateIntelWrite, written: unknown, before?: Entity): EventData[] {
  const entity = (written ?? {}) as Entity
  switch (write) {
    case 'incident-created':
      return str(entity.id) ? [{ event_type: 'private-intel/incident/created', incident_id: entity.id }] : []
    case 'incident-updated': {
      const fields = before ? updatedFields(before, entity) : []
      return str(entity.id) && fields.length > 0 ? [{ event_type: 'private-intel/incident/updated', incident_id: entity.id, updated_fields: fields }] : []
    }
    case 'incident-status':
      return str(entity.id) && before && before.status !== entity.status
        ? [{ event_type: 'private-intel/incident/status-changed', incident_id: entity.id, status_from: before.status, status_to: entity.status, external_ids: entity.external_ids ?? null }]
        : []
    case 'note-created':
      return str(entity.id)
        ? [{ event_type: 'private-intel/note/created', note_id: entity.id, note_class: str(entity.note_class) ?? 'default', related_entities: Array.isArray(entity.related_entities) ? entity.related_entities : [] }]
        : []
    case 'bundle-import': {
      const results = Array.isArray(entity.results) ? entity.results as Entity[] : []
      return results.filter((r) => r.type === 'incident' && r.result === 'created' && str(r.id))
        .map((r) => ({ event_type: 'private-intel/incident/created', incident_id: r.id as string }))
    }
    case 'bulk-delete': {
      const deleted = (entity.incidents as { deleted?: unknown } | undefined)?.deleted
      return (Array.isArray(deleted) ? deleted.filter((id): id is string => typeof id === 'string') : [])
        .map((id) => ({ event_type: 'private-intel/incident/deleted', incident_id: id }))
    }
  }
}

/** Records the events of a successful private-intel write, in order, together (a bundle may create thousands). */
export function recordPrivateIntelWrite(ctx: CtrContext, by: Caller, write: PrivateIntelWrite, written: unknown, before?: Entity): Promise<IrohEvent[]> {
  return recordEvents(ctx, by, privateIntelEvents(write, written, before))
}
