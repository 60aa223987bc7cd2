// Response documentation shared by CTR's routes. Error bodies are declared loosely (every field optional, extra
// fields kept): the serializer must neither drop `missing-scopes` nor fail on a fault rule's custom body.
import { Type } from '@sinclair/typebox'

export const IrohErrorBody = Type.Object({
  error: Type.Optional(Type.String()),
  error_description: Type.Optional(Type.String()),
}, { additionalProperties: true, description: 'IROH error: {error, error_description, ...}' })

export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, IrohErrorBody]))
}

export const AUTH_ERRORS = errorResponses(401, 403, 429)
