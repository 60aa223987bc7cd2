// The intel service's failures, each with the body CTIA answers (compojure-api's validation errors, CTIA's typed
// errors). The status is a plain number (no HTTP types).
import { DomainError } from '@ctrmock/kit/domain'

/** A failure whose whole wire body is CTIA's, sent as is by the routes' error handler. */
export class CtiaError extends DomainError {
  constructor(status: number, readonly body: Record<string, unknown>, code = 'ctia_error') {
    super(code, String(body.message ?? body.type ?? code), status)
  }
}

export type ValidationErrors = { [field: string]: string | ValidationErrors }

/** compojure-api's request validation error: `errors` mirrors the input, naming each bad field. */
export const requestValidation = (where: 'body-params' | 'query-params' | 'path-params', errors: ValidationErrors | string, value: unknown) =>
  new CtiaError(400, { errors, type: 'compojure.api.exception/request-validation', coercion: 'schema', value, in: ['request', where] }, 'request_validation')

export const invalidQuery = (message: string) =>
  new CtiaError(400, { type: 'ES query parsing error', message, class: 'clojure.lang.ExceptionInfo' }, 'invalid_query')

export const badRequest = (message: string) => new CtiaError(400, { error: message }, 'bad_request')

export const entityNotFound = (type: string, id: string) =>
  new CtiaError(404, { error: `${type} not found`, id }, 'not_found')

export const notAuthenticated = (message: string) =>
  new CtiaError(401, { type: 'Access Control Error', message, class: 'clojure.lang.ExceptionInfo' }, 'unauthenticated')

export const missingCapability = (scopes: string[]) =>
  new CtiaError(403, { error: 'missing_capability', message: `Missing scope: one of ${scopes.join(', ')} is required`, scopes }, 'forbidden')

/**
 * CTIA's refusal of an operation that needs a capability no IROH token carries (`developer`, `delete-event`):
 * 403 naming the capabilities the route requires and who asked.
 */
export const missingCtiaCapability = (capabilities: string[], owner: string) =>
  new CtiaError(403, { message: 'Missing capability', capabilities, owner, error: 'missing_capability' }, 'forbidden')

/** A delete by search with nothing to select on (ctia.http.routes.crud: `forbidden`). */
export const deleteSearchWithoutCriteria = () =>
  new CtiaError(403, { error: 'you must provide at least one of from, to, query or any field filter.' }, 'forbidden')

export const jwksUnavailable = () =>
  new CtiaError(503, { type: 'Service Unavailable', message: 'The JWKS of the paired CTR cannot be reached' }, 'service_unavailable')

/**
 * An entity's failure as a bundle or bulk lists it in the entity's place: why it could not be realized (a relationship
 * left on a transient id), or CTIA's "Entity validation Error" and why.
 */
export function entityError(error: CtiaError): { error: string; msg?: string } {
  if (error.code === 'realize_entity_error') return { error: String(error.body.error) }
  const why = error.code === 'spec_validation_error' ? String(error.body.message) : JSON.stringify(error.body.errors ?? error.body)
  return { error: 'Entity validation Error', msg: why }
}
