// CTR's failures, each with the IROH code, status and text the caller sees. The status is a plain number (no HTTP types).
import { DomainError } from '@ctrmock/kit'

export const invalidRequest = (message: string) => new DomainError('invalid_request', message, 400)
export const notImplemented = (method: string, path: string) => new DomainError('not_implemented', `ctrmock does not implement ${method} ${path}`, 501)
export const noSigningKey = () => new DomainError('unknown-exception', 'no signing key is loaded', 500)

export const grantTypeRequired = () => invalidRequest('grant_type is required')
export const unsupportedGrantType = (grantType: string) => new DomainError('unsupported_grant_type', `grant_type "${grantType}" is not supported; use client_credentials`, 400)
export const invalidScope = (scopes: string[]) => new DomainError('invalid_scope', `Scopes not granted to this client: ${scopes.join(' ')}`, 400)
export const missingJwt = () => new DomainError('invalid_request', 'No JWT found in HTTP Authorization header', 401)
export const missingScope = (missing: string[], details: Record<string, unknown>) => new DomainError('missing_scope', `Missing scopes: ${missing.join(', ')}`, 403, details)
export const rateLimited = (limit: number) => new DomainError('too_many_requests', `Rate limit exceeded: ${limit} requests per hour for this org`, 429)

export const orgNotFound = (orgId: string) => new DomainError('not_found', `Org ${orgId} not found`, 404)
export const tokenOrgGone = () => new DomainError('not_found', 'The org of this token no longer exists', 404)
export const identityExists = (clientId: string, orgId: string) => new DomainError('conflict', `API client ${clientId} or org ${orgId} exists already`, 409)

export const moduleTypeNotFound = (id: string) => new DomainError('not_found', `Module type ${id} not found`, 404)
export const unknownModuleType = (id: string) => invalidRequest(`module_type_id: module type ${id} does not exist`)
export const builtinModuleTypeReadOnly = (change: 'changed' | 'deleted') => new DomainError('forbidden', `Built-in module types cannot be ${change}`, 403)
export const moduleTypeInUse = () => new DomainError('conflict', 'The module type still has module instances; delete them first', 409)
export const tooManyInstances = (max: number) => invalidRequest(`module_type_id: this module type allows at most ${max} instances`)
export const moduleInstanceNotFound = (id: string) => new DomainError('not_found', `Module instance ${id} not found`, 404)
export const moduleInstanceNotEnabled = (id: string) => new DomainError('not_found', `Module instance ${id} not found or not enabled`, 404)
export const registeredDeviceUnchecked = (why: string) => new DomainError('service_unavailable', `Cannot check the Registered Device: ${why}`, 503)

export const deviceNotFound = (id: string) => new DomainError('not_found', `Device ${id} not found`, 404)
/** SSE failed or timed out behind an /iroh/iroh-sse call. */
export const sseFailed = (message: string, timedOut: boolean) => timedOut ? new DomainError('gateway_timeout', message, 504) : new DomainError('bad_gateway', message, 502)
/** The intel service failed or timed out behind an /iroh/private-intel call. */
export const intelFailed = (message: string, timedOut: boolean) => timedOut ? new DomainError('gateway_timeout', message, 504) : new DomainError('service_unavailable', message, 503)
