// CTR's failures, each with the IROH code, status and text the caller sees. The status is a plain number (no HTTP types).
import { DomainError } from '@ctrmock/kit/domain'

export const invalidRequest = (message: string) => new DomainError('invalid_request', message, 400)
export const notImplemented = (method: string, path: string) => new DomainError('not_implemented', `ctrmock does not implement ${method} ${path}`, 501)
export const noSigningKey = () => new DomainError('unknown-exception', 'no signing key is loaded', 500)

export const grantTypeRequired = () => invalidRequest('grant_type is required')
export const unsupportedGrantType = (grantType: string) => new DomainError('unsupported_grant_type', `grant_type "${grantType}" is not supported; use client_credentials, authorization_code or refresh_token`, 400)
export const invalidScope = (scopes: string[]) => new DomainError('invalid_scope', `Scopes not granted to this client: ${scopes.join(' ')}`, 400)
export const missingJwt = () => new DomainError('invalid_request', 'No JWT found in HTTP Authorization header', 401)
export const missingScope = (missing: string[], details: Record<string, unknown>) => new DomainError('missing_scope', `Missing scopes: ${missing.join(', ')}`, 403, details)
export const rateLimited = (limit: number) => new DomainError('too_many_requests', `Rate limit exceeded: ${limit} requests per hour for this org`, 429)

export const orgNotFound = (orgId: string) => new DomainError('not_found', `Org ${orgId} not found`, 404)
export const tokenOrgGone = () => new DomainError('not_found', 'The org of this token no longer exists', 404)
export const identityExists = (clientId: string, orgId: string) => new DomainError('conflict', `API client ${clientId} or org ${orgId} exists already`, 409)

export const moduleTypeNotFound = (id: string) => new DomainError('module_type_not_found', `Module type ${id} not found`, 404)
export const unknownModuleType = (id: string) => invalidRequest(`module_type_id: module type ${id} does not exist`)
export const builtinModuleTypeReadOnly = (change: 'changed' | 'deleted') => new DomainError('forbidden', `Built-in module types cannot be ${change}`, 403)
export const moduleTypeInUse = () => new DomainError('conflict', 'The module type still has module instances; delete them first', 409)
export const tooManyInstances = (max: number) => invalidRequest(`module_type_id: this module type allows at most ${max} instances`)
export const moduleInstanceNotFound = (id: string) => new DomainError('module_instance_not_found', `Module instance ${id} not found`, 404)
export const moduleInstanceNotEnabled = (id: string) => new DomainError('module_instance_not_found', `Module instance ${id} not found or not enabled`, 404)
export const noSuchTile = (instanceId: string, tileId: string) => new DomainError('not_found', `Module instance ${instanceId} has no dashboard tile ${tileId}`, 404)
export const registeredDeviceUnchecked = (why: string) => new DomainError('service_unavailable', `Cannot check the Registered Device: ${why}`, 503)

export const deviceNotFound = (id: string) => new DomainError('not_found', `Device ${id} not found`, 404)
/** SSE failed or timed out behind an /iroh/iroh-sse call. */
export const sseFailed = (message: string, timedOut: boolean) => timedOut ? new DomainError('gateway_timeout', message, 504) : new DomainError('bad_gateway', message, 502)
/** The intel service failed or timed out behind an /iroh/private-intel call. */
export const intelFailed = (message: string, timedOut: boolean) => timedOut ? new DomainError('gateway_timeout', message, 504) : new DomainError('service_unavailable', message, 503)

export const integrationNotFound = (id: string) => new DomainError('integration_not_found', `Integration ${id} not found`, 404)
export const moduleTypePatchNotFound = (id: string) => new DomainError('not_found', `Module type patch ${id} not found`, 404)
export const routeNotFound = (method: string, url: string) => new DomainError('not_found', `Route ${method} ${url} not found`, 404)
export const userNotFound = (id: string) => new DomainError('not_found', `User ${id} not found`, 404)
/** ctrmock keeps no private-intelligence sightings, so every reference is unknown. */
export const feedbackNotFound = (id: string) => new DomainError('not_found', `Feedback ${id} not found`, 404)
export const incidentNotFound = (id: string) => new DomainError('not_found', `Incident ${id} not found in private intelligence`, 404)
export const eventNotFound = (id: string) => new DomainError('not_found', `Event ${id} not found`, 404)
export const webhookNotFound = (id: string) => new DomainError('not_found', `Webhook ${id} not found`, 404)
export const webhookResultNotFound = (id: string) => new DomainError('not_found', `Webhook result ${id} not found`, 404)
export const sightingNotFound = (ref: string) => new DomainError('not_found', `Sighting ${ref} not found in private intelligence`, 404)
export const notASightingRef = (ref: string) => invalidRequest(`${JSON.stringify(ref.slice(0, 200))} is not a sighting ref: give a sighting's id (https://…/ctia/sighting/sighting-…) or its short id (sighting-…)`)

export const invalidGrant = (why: string) => new DomainError('invalid_grant', why, 400)
export const unauthorizedClient = (why: string) => new DomainError('unauthorized_client', why, 400)
export const oauthClientNotFound = (id: string) => new DomainError('not_found', `OAuth client ${id} not found`, 404)
export const unknownOAuthClient = (id: string) => invalidRequest(`client_id: ${id} is not an OAuth client`)
export const redirectUriNotRegistered = () => invalidRequest('redirect_uri: not one of the client\'s registered redirects')
export const noSession = () => new DomainError('invalid_session', 'No valid IROH session: log in at /iroh/iroh-auth/login', 401)
export const unknownIdp = (idp: string) => new DomainError('not_found', `Identity provider ${idp} not found; ctrmock's is "ctrmock"`, 404)
export const unknownLoginUser = (userId: string) => invalidRequest(`user_id: ${userId} is not a user of this CTR (or not of org_id)`)
export const invalidLoginState = () => invalidRequest('state: does not match the login it answers')
