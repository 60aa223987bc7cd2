// IROH enrich/response envelopes: observe, deliberate, refer, health, respond (IROH enrich and response Swagger
// v1.0.107; cisco-api.md §1.5, §1.6). Every aggregate answers 200 with per-module data[] and errors[].
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'
import { Observable } from './observable.ts'
import { CtimTime } from './ctim-common.ts'
import { Sighting } from './sighting.ts'
import { Judgement } from './judgement.ts'
import { Verdict } from './verdict.ts'
import { Indicator } from './indicator.ts'
import { Relationship } from './relationship.ts'
import { RelayErrorType } from './iroh-errors.ts'

// Request bodies and query of observe/deliberate/refer/respond: an observable array, `mids` restricts the modules.
export const ObservableList = Type.Array(Observable)
export type ObservableList = Static<typeof ObservableList>

export const EnrichQuerystring = Type.Object({
  mids: Type.Optional(Type.Array(Type.String())),
  flags: Type.Optional(Type.Array(Type.String())),
  product_categories: Type.Optional(Type.Array(Type.String())),
})
export type EnrichQuerystring = Static<typeof EnrichQuerystring>

export const ObserveTargetsBody = Type.Object(
  { observables: ObservableList, start_time: Type.Optional(CtimTime), end_time: Type.Optional(CtimTime) },
  { additionalProperties: false },
)
export type ObserveTargetsBody = Static<typeof ObserveTargetsBody>

// Per-module data keys (CTIM plurals), each {count, docs[]}.
export const CTIM_PLURALS = [
  'actors', 'attack_patterns', 'campaigns', 'coas', 'data_tables', 'feedbacks', 'identity_assertions', 'incidents',
  'indicators', 'judgements', 'malwares', 'notes', 'relationships', 'sightings', 'tools', 'verdicts',
  'vulnerabilities', 'weaknesses',
] as const
export type CtimPlural = (typeof CTIM_PLURALS)[number]

export const CtimList = <T extends TSchema>(doc: T) =>
  Type.Object({ count: Type.Integer({ minimum: 0 }), docs: Type.Array(doc) }, { additionalProperties: false })

// An entity of a kind ctrmock never produces (actor, malware, ...): only its identity is checked.
export const CtimEntity = Type.Object({ id: Type.String(), type: Type.String() }, { additionalProperties: true })
export type CtimEntity = Static<typeof CtimEntity>

export const ModuleObserveBundle = Type.Object(
  {
    sightings: Type.Optional(CtimList(Sighting)),
    judgements: Type.Optional(CtimList(Judgement)),
    verdicts: Type.Optional(CtimList(Verdict)),
    indicators: Type.Optional(CtimList(Indicator)),
    relationships: Type.Optional(CtimList(Relationship)),
    actors: Type.Optional(CtimList(CtimEntity)),
    attack_patterns: Type.Optional(CtimList(CtimEntity)),
    campaigns: Type.Optional(CtimList(CtimEntity)),
    coas: Type.Optional(CtimList(CtimEntity)),
    data_tables: Type.Optional(CtimList(CtimEntity)),
    feedbacks: Type.Optional(CtimList(CtimEntity)),
    identity_assertions: Type.Optional(CtimList(CtimEntity)),
    incidents: Type.Optional(CtimList(CtimEntity)),
    malwares: Type.Optional(CtimList(CtimEntity)),
    notes: Type.Optional(CtimList(CtimEntity)),
    tools: Type.Optional(CtimList(CtimEntity)),
    vulnerabilities: Type.Optional(CtimList(CtimEntity)),
    weaknesses: Type.Optional(CtimList(CtimEntity)),
  },
  { additionalProperties: false },
)
export type ModuleObserveBundle = Static<typeof ModuleObserveBundle>

// Which module instance an item came from; IROH adds these to everything a module returns.
const moduleFields = {
  module: Type.String(),
  module_instance_id: Type.String(),
  module_type_id: Type.String(),
  module_instance_state: Type.Optional(Type.String()),
}

export const EnrichError = Type.Object(
  {
    module: Type.Optional(Type.String()),
    module_instance_id: Type.String(),
    module_type_id: Type.String(),
    module_instance_state: Type.Optional(Type.String()),
    code: Type.String(),
    message: Type.String(),
    type: RelayErrorType,
  },
  { additionalProperties: false },
)
export type EnrichError = Static<typeof EnrichError>

export const EnrichModuleResult = Type.Object(
  { ...moduleFields, data: ModuleObserveBundle },
  { additionalProperties: false },
)
export type EnrichModuleResult = Static<typeof EnrichModuleResult>

// POST /iroh/iroh-enrich/{observe,deliberate}/observables and /observe/targets.
export const EnrichObserveResponse = Type.Object(
  { data: Type.Array(EnrichModuleResult), errors: Type.Optional(Type.Array(EnrichError)) },
  { additionalProperties: false },
)
export type EnrichObserveResponse = Static<typeof EnrichObserveResponse>

// A pivot link (refer) and a response action (respond) share one shape.
const linkFields = {
  ...moduleFields,
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  url: Type.String(),
  categories: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
}

export const Ref = Type.Object(linkFields, { additionalProperties: false })
export type Ref = Static<typeof Ref>

export const EnrichReferResponse = Type.Object(
  { data: Type.Array(Ref), errors: Type.Optional(Type.Array(EnrichError)) },
  { additionalProperties: false },
)
export type EnrichReferResponse = Static<typeof EnrichReferResponse>

// `url` is relative to /iroh/iroh-response: /respond/trigger/<mid>/<action-id>?observable_type=..&observable_value=..
export const Action = Type.Object(linkFields, { additionalProperties: false })
export type Action = Static<typeof Action>

export const RespondObservablesResponse = Type.Object(
  { data: Type.Array(Action), errors: Type.Optional(Type.Array(EnrichError)) },
  { additionalProperties: false },
)
export type RespondObservablesResponse = Static<typeof RespondObservablesResponse>

export const ACTION_STATUSES = ['success', 'failure'] as const
export const ActionResult = Type.Object(
  { status: literalUnion(ACTION_STATUSES) },
  { additionalProperties: false },
)
export type ActionResult = Static<typeof ActionResult>

// POST /iroh/iroh-response/respond/trigger/{module-instance-id}/{action-id}
export const RespondTriggerResponse = Type.Object(
  { data: ActionResult, errors: Type.Optional(Type.Array(EnrichError)) },
  { additionalProperties: false },
)
export type RespondTriggerResponse = Static<typeof RespondTriggerResponse>

export const HEALTH_STATUSES = ['unknown', 'ok', 'error'] as const
export const ModuleHealth = Type.Object(
  {
    status: literalUnion(HEALTH_STATUSES),
    quotas: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)
export type ModuleHealth = Static<typeof ModuleHealth>

export const ModuleHealthResult = Type.Object(
  { ...moduleFields, data: ModuleHealth },
  { additionalProperties: false },
)
export type ModuleHealthResult = Static<typeof ModuleHealthResult>

// POST /iroh/iroh-enrich/health (all modules) and /health/{module_instance_id} (one, `data` is an object).
export const EnrichHealthResponse = Type.Object(
  { data: Type.Array(ModuleHealthResult), errors: Type.Optional(Type.Array(EnrichError)) },
  { additionalProperties: false },
)
export type EnrichHealthResponse = Static<typeof EnrichHealthResponse>

export const EnrichSingleHealthResponse = Type.Object(
  { data: ModuleHealthResult, errors: Type.Optional(Type.Array(EnrichError)) },
  { additionalProperties: false },
)
export type EnrichSingleHealthResponse = Static<typeof EnrichSingleHealthResponse>
