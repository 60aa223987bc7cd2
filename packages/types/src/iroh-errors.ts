// Error bodies the mocked products send: IROH (harvested Swagger v1.0.107, cisco-api.md §1.3), relay modules (§2.2)
// and AsyncOS REST (§5.3). Declared once here so every service answers in the vendor's exact shape.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

// IROH `error` codes seen in the wild.
export const IROH_ERROR_CODES = {
  invalidRequest: 'invalid_request',
  missingScope: 'missing_scope',
  invalidClient: 'invalid_client',
  wrongClientCreds: 'wrong_client_creds',
  unknownException: 'unknown-exception',
  unknownServerError: 'unknown server error',
} as const

// 400/401/404/429/500 body: {"error": "invalid_request", "error_description": "No JWT found in HTTP Authorization header"}.
export const IrohError = Type.Object({
  error: Type.String(),
  error_description: Type.Optional(Type.String()),
  error_code: Type.Optional(Type.String()),
  error_uri: Type.Optional(Type.String()),
  exception_message: Type.Optional(Type.String()),
  level: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  trace_id: Type.Optional(Type.String()),
})
export type IrohError = Static<typeof IrohError>

// 403 when the token lacks a scope; SOAR connectors read `missing-scopes`.
export const IrohMissingScopeError = Type.Object(
  {
    error: Type.Literal('missing_scope'),
    error_description: Type.String(),
    'missing-scopes': Type.Array(Type.String()),
    'required-scopes': Type.Array(Type.String()),
    scopes: Type.Array(Type.String()),
    'user-id': Type.Optional(Type.String()),
    'org-id': Type.Optional(Type.String()),
    trace_id: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type IrohMissingScopeError = Static<typeof IrohMissingScopeError>

// 400 naming each offending key: inspect → {"content": "missing-required-key"}, profile → {"invalid_key": "disallowed-key"}.
export const IrohKeyErrors = Type.Record(Type.String(), Type.String())
export type IrohKeyErrors = Static<typeof IrohKeyErrors>

// Relay modules answer HTTP 200 with errors[] (optionally next to partial data).
export const RELAY_ERROR_TYPES = ['fatal', 'warning', 'error'] as const
export const RelayErrorType = literalUnion(RELAY_ERROR_TYPES)
export type RelayErrorType = Static<typeof RelayErrorType>

export const RELAY_ERROR_CODES = [
  'authorization error', 'invalid argument', 'invalid payload', 'unknown', 'permission denied', 'too many requests',
  'request timeout', 'connection error', 'invalid request', 'internal error', 'timerange error', 'health check failed',
] as const

export const RelayError = Type.Object({ type: RelayErrorType, code: Type.String(), message: Type.String() })
export type RelayError = Static<typeof RelayError>

export const RelayErrorEnvelope = Type.Object({
  errors: Type.Array(RelayError),
  data: Type.Optional(Type.Unknown()),
})
export type RelayErrorEnvelope = Static<typeof RelayErrorEnvelope>

// AsyncOS: {"error": {"message": "...", "code": "401", "explanation": "401 = No permission -- see authorization schemes."}}.
export const AsyncOsError = Type.Object({
  error: Type.Object({ message: Type.String(), code: Type.String(), explanation: Type.String() }),
})
export type AsyncOsError = Static<typeof AsyncOsError>

// The `explanation` AsyncOS pairs with each status code.
export const ASYNCOS_ERROR_EXPLANATIONS = {
  401: '401 = No permission -- see authorization schemes.',
  404: '404 = Nothing matches the given URI.',
} as const
