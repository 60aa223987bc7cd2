// Response documentation shared by CTR's routes. Error bodies are declared loosely (every field optional, extra
// fields kept): the serializer must neither drop `missing-scopes` nor fail on a fault rule's custom body.
import { Type } from '@sinclair/typebox'
import { literalUnion } from '@ctrmock/types'

export const IrohErrorBody = Type.Object({
  error: Type.Optional(Type.String()),
  error_description: Type.Optional(Type.String()),
}, { additionalProperties: true, description: 'IROH error: {error, error_description, ...}' })

export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, IrohErrorBody]))
}

export const AUTH_ERRORS = errorResponses(401, 403, 429)
/** A DELETE's empty answer. */
export const NoContent = Type.Null({ description: 'Deleted; no body' })

/** A query parameter of known values, given once or repeated. */
export const oneOrMany = <T extends readonly string[]>(values: T) => Type.Union([literalUnion(values), Type.Array(literalUnion(values), { maxItems: values.length })])

/** Such a parameter as a list (empty when absent). */
export const listOf = <T>(value: T | T[] | undefined): T[] => value === undefined ? [] : Array.isArray(value) ? value : [value]
