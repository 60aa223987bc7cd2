// IROH events (/iroh/iroh-event) and webhooks (/iroh/iroh-webhook), field for field as Cisco's iroh-event and
// iroh-webhook Swagger v1.0.107 (specs/iroh/iroh-event.json, iroh-webhook.json). ctrmock emits the module-instance
// and private-intel events; the other event types are listed because webhooks may filter on them.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

export const IROH_EVENT_TYPES = [
  'private-intel/note/created', 'record-created', 'auto/workflow/completed', 'private-intel/incident/created',
  'private-intel/incident/high-impact/created', 'record-updated', 'auto/workflow/errored', 'private-intel/incident/deleted',
  'user/updated', 'private-intel/note/deleted', 'piam-entitlements/updated', 'scc-tenant/created',
  'private-intel/incident/last-activity-change', 'private-intel/incident/status-changed', 'org/deleting',
  'private-intel/note/updated', 'module-instance/restricted', 'module-instance/reactivated', 'notification-request/created',
  'private-intel/incident/asset-enrichment/succeeded', 'entitlements/updated', 'auto/workflow/started', 'record-deleted',
  'private-intel/incident/updated', 'user/deleted', 'module-instance/updated', 'module-instance/created', 'user/created',
  'module-instance/deleted', 'scc-tenant/updated',
] as const
export type IrohEventType = typeof IROH_EVENT_TYPES[number]

export const WEBHOOK_RECORD_TYPES = [
  'feedback', 'investigation', 'data-table', 'relationship', 'vulnerability', 'judgement', 'weakness', 'coa',
  'attack-pattern', 'incident', 'indicator', 'campaign', 'sighting', 'casebook', 'identity-assertion', 'malware', 'actor',
] as const

const Visibility = literalUnion(['global', 'org', 'user'] as const)

export const EventEmiter = Type.Object({
  user_id: Type.String(), org_id: Type.String(), client_id: Type.Optional(Type.String()),
}, { additionalProperties: false })

// Event data as ctrmock emits it: an open object with its event_type, since the Swagger's x-oneOf has fourteen shapes.
export const EventData = Type.Object({ event_type: Type.String() }, { additionalProperties: true })

export const IrohEvent = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  issuer: Type.Optional(Type.String()),
  emiter: EventEmiter,
  data: EventData,
}, { additionalProperties: false })
export type IrohEvent = Static<typeof IrohEvent>

const Cursor = Type.Object({ limit: Type.Integer(), offset: Type.Optional(Type.Integer()) }, { additionalProperties: false })

export const SearchEventsResult = Type.Object({
  data: Type.Array(IrohEvent),
  paging: Type.Object({
    'total-hits': Type.Integer(), previous: Type.Optional(Cursor), next: Type.Optional(Cursor), sort: Type.Optional(Type.Array(Type.String())),
  }, { additionalProperties: false }),
}, { additionalProperties: false })
export type SearchEventsResult = Static<typeof SearchEventsResult>

export const EventPaging = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  sort_by: Type.Optional(literalUnion(['created_at', 'id'] as const)),
  sort_order: Type.Optional(literalUnion(['asc', 'desc'] as const)),
})
export type EventPaging = Static<typeof EventPaging>

const WebhookAuth = Type.Object({
  type: literalUnion(['iroh-jwt'] as const),
  conf: Type.Object({ client_id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
}, { additionalProperties: false })

const EventFilterMap = Type.Object({
  module_type_id: Type.Optional(Type.String({ maxLength: 200 })),
  module_instance_visibility: Type.Optional(Visibility),
}, { additionalProperties: Type.String({ maxLength: 1000 }), maxProperties: 50 })

const webhookFields = {
  integration_id: Type.String({ maxLength: 200 }),
  webhook_type: literalUnion(['workflow', 'url'] as const),
  name: Type.String({ minLength: 1, maxLength: 500 }),
  source: literalUnion(['iroh-events', 'ctia-events'] as const),
  auth: WebhookAuth,
  event_filter_map: EventFilterMap,
  workflow: Type.String({ maxLength: 500 }),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  record_type_filter: Type.Array(literalUnion(WEBHOOK_RECORD_TYPES), { uniqueItems: true, maxItems: WEBHOOK_RECORD_TYPES.length }),
  event_type_filter: Type.Array(literalUnion(IROH_EVENT_TYPES), { uniqueItems: true, maxItems: IROH_EVENT_TYPES.length }),
  enabled: Type.Boolean(),
  visibility: Visibility,
}

export const NewWebhookParams = Type.Object({
  webhook_type: webhookFields.webhook_type, name: webhookFields.name, source: webhookFields.source,
  event_type_filter: webhookFields.event_type_filter, visibility: webhookFields.visibility,
  integration_id: Type.Optional(webhookFields.integration_id), auth: Type.Optional(webhookFields.auth),
  event_filter_map: Type.Optional(webhookFields.event_filter_map), workflow: Type.Optional(webhookFields.workflow),
  url: Type.Optional(webhookFields.url), record_type_filter: Type.Optional(webhookFields.record_type_filter),
  enabled: Type.Optional(webhookFields.enabled),
}, { additionalProperties: false })
export type NewWebhookParams = Static<typeof NewWebhookParams>

// A PATCH names the fields it changes; null removes an optional one.
export const PatchWebhookParams = Type.Object({
  webhook_type: Type.Optional(webhookFields.webhook_type), name: Type.Optional(webhookFields.name),
  source: Type.Optional(webhookFields.source), event_type_filter: Type.Optional(webhookFields.event_type_filter),
  visibility: Type.Optional(webhookFields.visibility),
  integration_id: Type.Optional(Type.Union([webhookFields.integration_id, Type.Null()])), auth: Type.Optional(Type.Union([webhookFields.auth, Type.Null()])), event_filter_map: Type.Optional(Type.Union([webhookFields.event_filter_map, Type.Null()])),
  workflow: Type.Optional(Type.Union([webhookFields.workflow, Type.Null()])), url: Type.Optional(Type.Union([webhookFields.url, Type.Null()])), record_type_filter: Type.Optional(Type.Union([webhookFields.record_type_filter, Type.Null()])), enabled: Type.Optional(Type.Union([webhookFields.enabled, Type.Null()])),
}, { additionalProperties: false })
export type PatchWebhookParams = Static<typeof PatchWebhookParams>

export const Webhook = Type.Object({
  id: Type.String(), org_id: Type.String(), user_id: Type.String(), client_id: Type.String(),
  created_at: Type.String(), updated_at: Type.Optional(Type.String()),
  webhook_type: webhookFields.webhook_type, name: Type.String(), source: webhookFields.source,
  event_type_filter: Type.Array(Type.String()), enabled: Type.Boolean(), visibility: Visibility,
  integration_id: Type.Optional(Type.String()), auth: Type.Optional(WebhookAuth), event_filter_map: Type.Optional(EventFilterMap),
  workflow: Type.Optional(Type.String()), url: Type.Optional(Type.String()), record_type_filter: Type.Optional(Type.Array(Type.String())),
}, { additionalProperties: false })
export type Webhook = Static<typeof Webhook>

export const WebhookResult = Type.Object({
  id: Type.String(), org_id: Type.String(), user_id: Type.String(), webhook_id: Type.String(), event_id: Type.String(),
  visibility: literalUnion(['org', 'user'] as const), created_at: Type.String(),
  url: Type.Optional(Type.String()), auth_type: Type.Optional(literalUnion(['iroh-jwt'] as const)),
  workflow: Type.Optional(Type.String()), entity_id: Type.Optional(Type.String()),
  result: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({
    code: Type.String(), message: Type.String(), type: literalUnion(['fatal', 'warning', 'error'] as const),
  }, { additionalProperties: false }))),
}, { additionalProperties: false })
export type WebhookResult = Static<typeof WebhookResult>
