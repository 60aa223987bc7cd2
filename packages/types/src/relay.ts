// Cisco's relay protocol: what CTR sends to a module URL and what the module answers (CiscoSecurity tr-05-serverless-
// relay and FastAPI templates; cisco-api.md §2). Module answers carry no module ids; IROH adds them.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'
import { ModuleObserveBundle, ActionResult } from './enrich.ts'
import { RelayError } from './iroh-errors.ts'

// Paths under the module's URL, as listed in module settings `supported-apis`.
export const RELAY_APIS = [
  'health', 'deliberate/observables', 'observe/observables', 'refer/observables', 'respond/observables',
  'respond/trigger',
] as const
export const RelayApi = literalUnion(RELAY_APIS)
export type RelayApi = Static<typeof RelayApi>
// A relay with a SecureX dashboard also lists these (the template's api/dashboard.py serves them).
export const RELAY_DASHBOARD_APIS = ['tiles', 'tiles/tile', 'tiles/tile-data'] as const
export type RelayDashboardApi = (typeof RELAY_DASHBOARD_APIS)[number]
/** Everything a module's `supported-apis` may list. */
export const RELAY_DECLARABLE_APIS = [...RELAY_APIS, ...RELAY_DASHBOARD_APIS] as const

const errors = Type.Optional(Type.Array(RelayError))

// POST /health → {"data": {"status": "ok"}}
export const RelayHealthResponse = Type.Object({ data: Type.Object({ status: Type.String() }), errors })
export type RelayHealthResponse = Static<typeof RelayHealthResponse>

// POST /observe/observables, /deliberate/observables (body: Observable[]); a module with nothing to say sends {"data": {}}.
export const RelayObserveResponse = Type.Object({ data: Type.Optional(ModuleObserveBundle), errors })
export type RelayObserveResponse = Static<typeof RelayObserveResponse>

export const RelayRefer = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  url: Type.String(),
  categories: Type.Array(Type.String()),
})
export type RelayRefer = Static<typeof RelayRefer>

export const RelayReferResponse = Type.Object({ data: Type.Optional(Type.Array(RelayRefer)), errors })
export type RelayReferResponse = Static<typeof RelayReferResponse>

// A respond action; its `query-params` come back verbatim in the trigger body.
export const RelayAction = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  categories: Type.Array(Type.String()),
  'query-params': Type.Record(Type.String(), Type.String()),
})
export type RelayAction = Static<typeof RelayAction>

export const RelayRespondResponse = Type.Object({ data: Type.Optional(Type.Array(RelayAction)), errors })
export type RelayRespondResponse = Static<typeof RelayRespondResponse>

// POST /respond/trigger: hyphenated `action-id`, unknown keys pass through.
export const RelayTriggerRequest = Type.Object(
  { 'action-id': Type.String(), observable_type: Type.String(), observable_value: Type.String() },
  { additionalProperties: Type.String() },
)
export type RelayTriggerRequest = Static<typeof RelayTriggerRequest>

export const RelayTriggerResponse = Type.Object({ data: ActionResult, errors })
export type RelayTriggerResponse = Static<typeof RelayTriggerResponse>

// POST /version (no auth, no envelope) and GET /watchdog (echoes the Health-Check header).
export const RelayVersionResponse = Type.Object({ version: Type.String() })
export type RelayVersionResponse = Static<typeof RelayVersionResponse>
export const RelayWatchdogResponse = Type.Object({ data: Type.String() })
export type RelayWatchdogResponse = Static<typeof RelayWatchdogResponse>

// Settings of a customer-hosted relay module instance (auth-type "authorization-header").
export const RelayModuleSettings = Type.Object(
  {
    url: Type.String(),
    'auth-type': Type.String(),
    'authorization-header': Type.Optional(Type.String()),
    'supported-apis': Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: true },
)
export type RelayModuleSettings = Static<typeof RelayModuleSettings>
