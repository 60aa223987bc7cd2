// IROH events (/iroh/iroh-event): what happened in an org, recorded as it happens (module instances created, changed
// and deleted; incidents and notes written through /iroh/private-intel), read by id, searched on their fields, and
// listed per incident. Every recorded event is handed to the context's `published` hook, which delivers webhooks.
import type { EventPaging, IrohEvent, SearchEventsResult } from '@ctrmock/types'
import type { Caller, CtrContext } from './context.ts'
import { eventNotFound, invalidRequest } from './errors.ts'

const KIND = 'event'
const ISSUER = 'IROH Event'

export type EventData = IrohEvent['data'] & Record<string, unknown>

/** Records events of one caller in the order given, written together, then hands each to the `published` hook. */
export async function recordEvents(ctx: CtrContext, by: Caller, data: readonly EventData[]): Promise<IrohEvent[]> {
  const now = ctx.clock.now(by.orgId)
  const events: IrohEvent[] = data.map((d) => ({
    id: ctx.random.id(), created_at: now.toISOString(), issuer: ISSUER,
    emiter: { user_id: by.userId, org_id: by.orgId, client_id: by.clientId }, data: d,
  }))
  await ctx.store.documents.insertMany(events.map((event) => ({ kind: KIND, id: event.id, orgId: by.orgId, body: event, createdAt: now, updatedAt: now })))
  for (const event of events) ctx.published?.(event)
  return events
}

export async function recordEvent(ctx: CtrContext, by: Caller, data: EventData): Promise<IrohEvent> {
  return (await recordEvents(ctx, by, [data]))[0]!
}

export async function getEvent(ctx: CtrContext, orgId: string, id: string): Promise<IrohEvent> {
  const doc = await ctx.store.documents.get(KIND, orgId, id)
  if (!doc) throw eventNotFound(id)
  return doc.body as IrohEvent
}

const EVENT_FIELDS = new Set(['id', 'created_at', 'issuer', 'emiter', 'data'])

/** A field of an event by its dotted path (`emiter.user_id`); a bare name is a field of its data (`event_type`). */
function fieldOf(event: IrohEvent, path: string): unknown {
  const parts = path.split('.')
  const root: unknown = EVENT_FIELDS.has(parts[0]!) ? event : event.data
  return parts.reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), root)
}

const scalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'

/**
 * GenericSearch: every field named must hold the value given (or one of the values of a list). Values are strings,
 * numbers or booleans; anything else is refused, as a filter that can match nothing would hide a mistake.
 */
export function eventFilter(search: unknown): (event: IrohEvent) => boolean {
  if (!search || typeof search !== 'object' || Array.isArray(search)) throw invalidRequest('The search is an object of event fields and the values they must hold')
  const terms = Object.entries(search as Record<string, unknown>).map(([path, wanted]) => {
    const values = Array.isArray(wanted) ? wanted : [wanted]
    if (path === '' || values.length === 0 || !values.every(scalar)) throw invalidRequest(`${path || '(empty)'}: a field's value is a string, number or boolean, or a non-empty list of them`)
    return { path, values: values.map(String) }
  })
  return (event) => terms.every(({ path, values }) => {
    const found = fieldOf(event, path)
    return (Array.isArray(found) ? found : [found]).some((v) => scalar(v) && values.includes(String(v)))
  })
}

// Events come from the store in the order they were recorded; sorting is stable, so equal times keep that order.
function sorted(events: IrohEvent[], paging: EventPaging): IrohEvent[] {
  const key = paging.sort_by ?? 'created_at'
  const ascending = [...events].sort((a, b) => a[key].localeCompare(b[key]))
  return paging.sort_order === 'asc' ? ascending : ascending.reverse()
}

const DEFAULT_LIMIT = 100

export async function searchEvents(ctx: CtrContext, orgId: string, search: unknown, paging: EventPaging): Promise<SearchEventsResult> {
  const matches = eventFilter(search)
  const found = sorted((await ctx.store.documents.list(KIND, orgId)).map((d) => d.body as IrohEvent).filter(matches), paging)
  const offset = paging.offset ?? 0
  const limit = paging.limit ?? DEFAULT_LIMIT
  const data = found.slice(offset, offset + limit)
  return {
    data,
    paging: {
      'total-hits': found.length,
      ...(offset + data.length < found.length ? { next: { limit, offset: offset + limit } } : {}),
      ...(offset > 0 ? { previous: { limit, offset: Math.max(0, offset - limit) } } : {}),
    },
  }
}

export const INCIDENT_EVENT_GROUPS = ['incident_changes', 'notes', 'response_actions'] as const
export type IncidentEventGroup = typeof INCIDENT_EVENT_GROUPS[number]

const shortId = (id: string) => id.slice(id.lastIndexOf('/') + 1)

// Which group an event about an incident belongs to, or undefined when it is not about that incident.
function incidentGroup(event: IrohEvent, incident: string): IncidentEventGroup | undefined {
  const data = event.data as Record<string, unknown>
  const type = String(data.event_type)
  if (type.startsWith('private-intel/incident/') && typeof data.incident_id === 'string' && shortId(data.incident_id) === incident) return 'incident_changes'
  if (type.startsWith('private-intel/note/') && Array.isArray(data.related_entities)
    && data.related_entities.some((e: { entity_id?: unknown }) => typeof e.entity_id === 'string' && shortId(e.entity_id) === incident)) return 'notes'
  if (type.startsWith('auto/workflow/') && typeof data.incident_id === 'string' && shortId(data.incident_id) === incident) return 'response_actions'
  return undefined
}

/** The events of one incident (its id or short id): its changes, its notes and the workflows run for it, as `include` picks. */
export async function incidentEvents(ctx: CtrContext, orgId: string, incidentId: string, include: readonly IncidentEventGroup[], paging: EventPaging): Promise<IrohEvent[]> {
  const incident = shortId(incidentId)
  const groups = new Set<IncidentEventGroup>(include.length > 0 ? include : INCIDENT_EVENT_GROUPS)
  const events = (await ctx.store.documents.list(KIND, orgId)).map((d) => d.body as IrohEvent).filter((e) => {
    const group = incidentGroup(e, incident)
    return group !== undefined && groups.has(group)
  })
  const offset = paging.offset ?? 0
  return sorted(events, paging).slice(offset, offset + (paging.limit ?? DEFAULT_LIMIT))
}
