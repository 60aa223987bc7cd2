// Webhooks (/iroh/iroh-webhook): an org's subscriptions to its IROH events ("iroh-events") or to its private
// intelligence's event log ("ctia-events"). A `url` webhook whose event types (and record types, and event filter
// map) match an event is called with that event, signed with an IROH JWT when it asks for one; every call leaves a
// webhook result. A `user` webhook is seen by its user only.
import type { IrohEvent, NewWebhookParams, PatchWebhookParams, Webhook, WebhookResult } from '@ctrmock/types'
import type { Caller, CtrContext } from './context.ts'
import { invalidRequest, webhookNotFound, webhookResultNotFound } from './errors.ts'
import { accessTokenClaims } from './access-tokens.ts'
import { mergePatch } from './module-settings.ts'

const KIND = 'webhook' as const
const RESULT_KIND = 'webhook-result' as const

const visibleTo = (caller: Caller) => (record: { visibility: string, user_id: string }) => record.visibility !== 'user' || record.user_id === caller.userId

// The event types of CTIA's own event log, which a "ctia-events" webhook takes.
export const CTIA_EVENT_TYPES = ['record-created', 'record-updated', 'record-deleted']

/** The rules the Swagger cannot say: what ctrmock delivers, and where to. */
function checked(ctx: CtrContext, webhook: Webhook): Webhook {
  const notCtia = webhook.event_type_filter.filter((type) => !CTIA_EVENT_TYPES.includes(type))
  if (webhook.source === 'ctia-events' && notCtia.length > 0) {
    throw invalidRequest(`event_type_filter: a "ctia-events" webhook takes ${CTIA_EVENT_TYPES.join(', ')}, not ${notCtia.join(', ')}`)
  }
  if (webhook.webhook_type === 'workflow') throw invalidRequest('webhook_type: ctrmock runs no orchestration workflows; use "url"')
  if (webhook.url === undefined) throw invalidRequest('url: a "url" webhook needs the URL to call')
  ctx.relayPolicy.check(webhook.url, 'url')
  return webhook
}

async function save(ctx: CtrContext, webhook: Webhook): Promise<Webhook> {
  const at = new Date(webhook.updated_at ?? webhook.created_at)
  await ctx.store.documents.put({ kind: KIND, id: webhook.id, orgId: webhook.org_id, body: webhook, createdAt: new Date(webhook.created_at), updatedAt: at })
  return webhook
}

export async function createWebhook(ctx: CtrContext, caller: Caller, params: NewWebhookParams): Promise<Webhook> {
  const now = ctx.clock.now(caller.orgId).toISOString()
  return save(ctx, checked(ctx, {
    ...params, enabled: params.enabled ?? true, id: ctx.random.id(),
    org_id: caller.orgId, user_id: caller.userId, client_id: caller.clientId, created_at: now, updated_at: now,
  }))
}

/** A webhook or result of the caller's org, if the caller may see it. */
async function visible<T extends { visibility: string, user_id: string }>(ctx: CtrContext, kind: typeof KIND | typeof RESULT_KIND, caller: Caller, id: string): Promise<T> {
  const record = (await ctx.store.documents.get(kind, caller.orgId, id))?.body as T | undefined
  if (!record || !visibleTo(caller)(record)) throw kind === KIND ? webhookNotFound(id) : webhookResultNotFound(id)
  return record
}

export function getWebhook(ctx: CtrContext, caller: Caller, id: string): Promise<Webhook> {
  return visible(ctx, KIND, caller, id)
}

export interface WebhookFilter {
  webhook_type?: string
  source?: string
  enabled?: boolean
  query?: string
  event_type_filter?: string[]
  record_type_filter?: string[]
}

function matchesFilter(webhook: Webhook, filter: WebhookFilter): boolean {
  const has = (list: string[] | undefined, wanted: string[] | undefined) => !wanted?.length || wanted.every((w) => list?.includes(w))
  return (filter.webhook_type === undefined || webhook.webhook_type === filter.webhook_type)
    && (filter.source === undefined || webhook.source === filter.source)
    && (filter.enabled === undefined || webhook.enabled === filter.enabled)
    && (!filter.query || webhook.name.toLowerCase().includes(filter.query.toLowerCase()))
    && has(webhook.event_type_filter, filter.event_type_filter) && has(webhook.record_type_filter, filter.record_type_filter)
}

export async function listWebhooks(ctx: CtrContext, caller: Caller, filter: WebhookFilter): Promise<Webhook[]> {
  return (await ctx.store.documents.list(KIND, caller.orgId)).map((d) => d.body as Webhook)
    .filter(visibleTo(caller)).filter((w) => matchesFilter(w, filter))
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
}

const OWNED = ['id', 'org_id', 'user_id', 'client_id', 'created_at'] as const

export async function changeWebhook(ctx: CtrContext, caller: Caller, id: string, patch: PatchWebhookParams): Promise<Webhook> {
  const current = await getWebhook(ctx, caller, id)
  const changed = mergePatch(current, patch) as Webhook
  for (const key of OWNED) (changed as Record<string, unknown>)[key] = current[key]
  return save(ctx, checked(ctx, { ...changed, enabled: changed.enabled ?? true, updated_at: ctx.clock.now(caller.orgId).toISOString() }))
}

/** Deletes a webhook and answers it; its results stay, as records of what was delivered. */
export async function deleteWebhook(ctx: CtrContext, caller: Caller, id: string): Promise<Webhook> {
  const gone = await getWebhook(ctx, caller, id)
  await ctx.store.documents.delete(KIND, caller.orgId, id)
  return gone
}

/** Whether a webhook takes an event: enabled, its type in the event types, and every filter map field as the data has it. */
export function webhookTakes(webhook: Webhook, event: IrohEvent): boolean {
  const data = event.data as Record<string, unknown>
  return webhook.enabled && webhook.source === 'iroh-events' && webhook.event_type_filter.includes(String(data.event_type))
    && Object.entries(webhook.event_filter_map ?? {}).every(([key, value]) => value === undefined || String(data[key]) === value)
}

/** The org's webhooks an event goes to. */
export async function webhooksFor(ctx: CtrContext, event: IrohEvent): Promise<Webhook[]> {
  return (await ctx.store.documents.list(KIND, event.emiter.org_id)).map((d) => d.body as Webhook).filter((w) => webhookTakes(w, event))
}

/** A CTIA event as the private intelligence's event log keeps it: what happened to which entity, and when. */
export interface CtiaEvent {
  id: string
  event_type: string
  timestamp: string
  entity: Record<string, unknown> & { id?: string, type?: string }
}

/**
 * Whether a "ctia-events" webhook takes a CTIA event: enabled, made before the event, its type among the event types,
 * the entity's type among the record types (when it names any), and every filter map field as the entity has it.
 */
export function webhookTakesCtiaEvent(webhook: Webhook, event: CtiaEvent): boolean {
  const entity = event.entity
  return webhook.enabled && webhook.source === 'ctia-events' && Date.parse(event.timestamp) >= Date.parse(webhook.created_at)
    && webhook.event_type_filter.includes(event.event_type)
    && (!webhook.record_type_filter?.length || webhook.record_type_filter.includes(String(entity.type)))
    && Object.entries(webhook.event_filter_map ?? {}).every(([key, value]) => value === undefined || String(entity[key]) === value)
}

/**
 * The "ctia-events" webhooks, by org. Disabled ones too: their org's log is still read past them, so one turned on
 * again gets the events from then on, not those from while it was off.
 */
export async function ctiaWebhooksByOrg(ctx: CtrContext): Promise<Map<string, Webhook[]>> {
  const byOrg = new Map<string, Webhook[]>()
  for (const doc of await ctx.store.documents.listAll(KIND)) {
    const webhook = doc.body as Webhook
    if (webhook.source === 'ctia-events') byOrg.set(doc.orgId, [...(byOrg.get(doc.orgId) ?? []), webhook])
  }
  return byOrg
}

const CURSOR_KIND = 'ctia-event-cursor'

/** Where an org's reading of its CTIA event log stands, and the stored cursor a claim of the next events is made against. */
export interface CtiaEventCursor {
  after: unknown[]
  stored?: Record<string, unknown>
}

/**
 * The X-Sort of the last CTIA event read for an org or, before the first read, just before its oldest "ctia-events"
 * webhook was made.
 */
export async function ctiaEventCursor(ctx: CtrContext, orgId: string, webhooks: readonly Webhook[]): Promise<CtiaEventCursor> {
  const stored = await ctx.store.documents.get(CURSOR_KIND, orgId, orgId)
  if (stored) return { after: stored.body.after as unknown[], stored: stored.body }
  return { after: [Math.min(...webhooks.map((w) => Date.parse(w.created_at))) - 1] }
}

/**
 * Moves an org's cursor past the events just read, unless another CTR replica moved it first; whether this one did,
 * and so delivers them.
 */
export async function claimCtiaEvents(ctx: CtrContext, orgId: string, from: CtiaEventCursor, after: unknown[]): Promise<boolean> {
  const now = ctx.clock.now(orgId)
  return ctx.store.documents.replaceIf({ kind: CURSOR_KIND, id: orgId, orgId, body: { after }, createdAt: now, updatedAt: now }, from.stored)
}

/** The claims of the JWT a webhook asked for: its user's, as the OAuth client its auth names. */
export async function webhookTokenClaims(ctx: CtrContext, webhook: Webhook): Promise<Record<string, unknown> | undefined> {
  if (!webhook.auth) return undefined
  const [org, user] = await Promise.all([ctx.store.identity.findOrg(webhook.org_id), ctx.store.identity.findUser(webhook.user_id)])
  return accessTokenClaims({
    orgId: webhook.org_id, orgName: org?.name ?? webhook.org_id, userId: webhook.user_id, userEmail: user?.email ?? '',
    clientId: webhook.auth.conf.client_id, scopes: [],
  }, ctx.clock.now(webhook.org_id), ctx.random)
}

/** How a call to a webhook's URL went: the status it answered, or why there was none. */
export type DeliveryOutcome = { status: number } | { failed: 'timeout' | 'unreachable', message: string }

/** The entity an event is about: its module instance, incident or note, or a CTIA event's entity. */
function entityOf(event: IrohEvent | CtiaEvent): string | undefined {
  const data = 'data' in event ? event.data as Record<string, unknown> : { entity_id: event.entity.id }
  const id = data.module_instance_id ?? data.incident_id ?? data.note_id ?? data.entity_id
  return typeof id === 'string' ? id : undefined
}

export async function recordWebhookResult(ctx: CtrContext, webhook: Webhook, event: IrohEvent | CtiaEvent, outcome: DeliveryOutcome): Promise<WebhookResult> {
  const now = ctx.clock.now(webhook.org_id)
  const entity = entityOf(event)
  const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300
  const error = 'status' in outcome
    ? { type: 'error' as const, code: `http-${outcome.status}`, message: `The webhook URL answered HTTP ${outcome.status}` }
    : { type: 'fatal' as const, code: outcome.failed === 'timeout' ? 'request timeout' : 'connection error', message: outcome.message }
  const result: WebhookResult = {
    id: ctx.random.id(), org_id: webhook.org_id, user_id: webhook.user_id, webhook_id: webhook.id, event_id: event.id,
    visibility: webhook.visibility === 'user' ? 'user' : 'org', created_at: now.toISOString(),
    ...(webhook.url ? { url: webhook.url } : {}), ...(webhook.auth ? { auth_type: webhook.auth.type } : {}),
    ...(entity ? { entity_id: entity } : {}),
    result: ok ? 'success' : 'failure', errors: ok ? [] : [error],
  }
  await ctx.store.documents.put({ kind: RESULT_KIND, id: result.id, orgId: result.org_id, body: result, createdAt: now, updatedAt: now })
  return result
}

export function getWebhookResult(ctx: CtrContext, caller: Caller, id: string): Promise<WebhookResult> {
  return visible(ctx, RESULT_KIND, caller, id)
}

export interface WebhookResultFilter {
  webhook_id?: string
  event_id?: string
  entity_id?: string
  user_id?: string
  org_id?: string
  query?: string
}

export async function listWebhookResults(ctx: CtrContext, caller: Caller, filter: WebhookResultFilter): Promise<WebhookResult[]> {
  if (filter.org_id !== undefined && filter.org_id !== caller.orgId) return []
  const exact = (['webhook_id', 'event_id', 'entity_id', 'user_id'] as const).filter((key) => filter[key] !== undefined)
  const text = filter.query?.toLowerCase()
  return (await ctx.store.documents.list(RESULT_KIND, caller.orgId)).map((d) => d.body as WebhookResult)
    .filter(visibleTo(caller))
    .filter((r) => exact.every((key) => r[key] === filter[key]))
    .filter((r) => !text || [r.url, r.result, ...(r.errors ?? []).map((e) => e.message)].some((v) => v?.toLowerCase().includes(text)))
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
}

export async function deleteWebhookResult(ctx: CtrContext, caller: Caller, id: string): Promise<WebhookResult> {
  const gone = await getWebhookResult(ctx, caller, id)
  await ctx.store.documents.delete(RESULT_KIND, caller.orgId, id)
  return gone
}
