// ctrmock's own control plane, `/__mock/*` in every service (DESIGN.md "The control plane"). Not a Cisco API, so its
// JSON is camelCase; the CLI and test suites speak it.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'
import './formats.ts'

export const FAULT_ACTION_TYPES = ['error', 'latency', 'reset', 'timeout'] as const
export const FaultActionType = literalUnion(FAULT_ACTION_TYPES)
export type FaultActionType = Static<typeof FaultActionType>

// `path` is a pattern over the request path (route-style `:param` or `*` segments, matched by kit's fault rules).
export const FaultMatch = Type.Object(
  {
    method: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
    path: Type.String({ minLength: 1, maxLength: 500 }),
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  },
  { additionalProperties: false },
)
export type FaultMatch = Static<typeof FaultMatch>

// error: answer `status` with `body` (default: the service's vendor envelope); latency: wait `delayMs` then serve;
// reset: destroy the socket; timeout: never answer (or answer after `delayMs`).
export const FaultAction = Type.Object(
  {
    type: FaultActionType,
    status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
    body: Type.Optional(Type.Unknown()),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  },
  { additionalProperties: false },
)
export type FaultAction = Static<typeof FaultAction>

export const FaultRule = Type.Object(
  {
    id: Type.Optional(Type.String()),
    match: FaultMatch,
    action: FaultAction,
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    seed: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
    times: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)
export type FaultRule = Static<typeof FaultRule>

export const ClockState = Type.Object(
  // With `org`: that org's own clock, whose offset is relative to the service's clock.
  { now: Type.String({ format: 'date-time' }), offsetMs: Type.Number(), frozen: Type.Boolean(), org: Type.Optional(Type.String()) },
  { additionalProperties: false },
)
export type ClockState = Static<typeof ClockState>

// "90s", "15m", "2h", "1d", "-1.5h" (a bare number, as string or number, is milliseconds).
export const DURATION_PATTERN = '^-?\\d+(\\.\\d+)?(ms|s|m|h|d)?$'
export const Duration = Type.Union([Type.String({ pattern: DURATION_PATTERN }), Type.Number()])
export type Duration = Static<typeof Duration>

export const ClockUpdate = Type.Object(
  {
    /** Move only this org's time (parallel test suites); the whole service's when absent. */
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    offsetMs: Type.Optional(Type.Number()),
    advance: Type.Optional(Duration),
    set: Type.Optional(Type.String({ format: 'date-time' })),
    freeze: Type.Optional(Type.Boolean()),
    reset: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type ClockUpdate = Static<typeof ClockUpdate>

// One journal line per request served; `fault` names the fault rule that fired on it, `note` a domain remark
// (e.g. why a registration really failed, which the device is never told).
export const JournalFault = Type.Object({ id: Type.String(), type: Type.String() }, { additionalProperties: false })
export type JournalFault = Static<typeof JournalFault>

export const JournalEntry = Type.Object(
  {
    id: Type.Integer({ minimum: 0 }),
    at: Type.String({ format: 'date-time' }),
    service: Type.String(),
    region: Type.Optional(Type.String()),
    method: Type.String(),
    path: Type.String(),
    status: Type.Integer(),
    org: Type.Optional(Type.String()),
    durationMs: Type.Number({ minimum: 0 }),
    fault: Type.Optional(JournalFault),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type JournalEntry = Static<typeof JournalEntry>

export const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    service: Type.String(),
    region: Type.Optional(Type.String()),
    version: Type.String(),
    uptimeSeconds: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type Health = Static<typeof Health>

// 200 when every check passed (migrations applied, seed loaded), 503 otherwise.
export const Ready = Type.Object(
  {
    ready: Type.Boolean(),
    checks: Type.Record(Type.String(), Type.Boolean()),
    /** Why a check fails (e.g. the database is out of disk space), by check. */
    reasons: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
)
export type Ready = Static<typeof Ready>

// A stored rule as GET /__mock/faults lists it: `times` becomes `remaining`, and `fired` counts firings.
export const FaultRuleView = Type.Object({
  id: Type.String(),
  match: FaultMatch,
  action: FaultAction,
  probability: Type.Number(),
  seed: Type.Optional(Type.Integer()),
  remaining: Type.Optional(Type.Integer()),
  fired: Type.Integer(),
})
export type FaultRuleView = Static<typeof FaultRuleView>

export const JournalQuery = Type.Object(
  {
    method: Type.Optional(Type.String({ maxLength: 10 })),
    path: Type.Optional(Type.String({ maxLength: 500 })),
    status: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
    org: Type.Optional(Type.String({ maxLength: 200 })),
    sinceId: Type.Optional(Type.Integer({ minimum: 0 })),
    hasFault: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
)
export type JournalQuery = Static<typeof JournalQuery>

/** Body of POST /__mock/reset and query of the DELETEs: one org, or everything when absent. */
export const OrgScope = Type.Object({ org: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false })
export type OrgScope = Static<typeof OrgScope>
