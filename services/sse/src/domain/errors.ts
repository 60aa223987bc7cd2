// SSE's failures, named with the code and text the caller sees. The status is a plain number (no HTTP types).
import { DomainError } from '@ctrmock/kit/domain'
import { REGISTRATION_FAILED_MESSAGE } from '@ctrmock/types'

export type RegistrationFailureReason = 'unknown token' | 'expired token' | 'used token' | 'revoked token'

/** What a device sees for any bad token; the real reason stays on the server (journal, audit log). */
export class RegistrationRejectedError extends DomainError {
  constructor(readonly reason: RegistrationFailureReason, readonly orgId: string | undefined) {
    super('invalid_token', REGISTRATION_FAILED_MESSAGE, 401)
  }
}

export const deviceNotFound = (deviceId: string) =>
  new DomainError('device_not_found', `Device ${deviceId} was not found`, 404)

export const registrationTokenNotFound = () =>
  new DomainError('registration_token_not_found', 'Registration token was not found', 404)

export const registrationTokenAlreadyUsed = () =>
  new DomainError('registration_token_used', 'Registration token has already been used to register a device and cannot be revoked', 409)

export const batchNotFound = (batchId: string) =>
  new DomainError('not_found', `Token batch ${batchId} was not found`, 404)

export const threatResponseDisabled = () =>
  new DomainError('threat_response_disabled', 'Cisco Threat Response is disabled in Cloud Services for this organization', 403)

export const invalidDeviceCredentials = (why: string) =>
  new DomainError('invalid_device_credentials', `Device credentials are invalid: ${why}`, 401)

export const deviceUnreachable = (deviceId: string) =>
  new DomainError('device_unreachable', `Device ${deviceId} is unreachable`, 502)

export const deviceTimeout = (deviceId: string, timeoutMs: number) =>
  new DomainError('device_timeout', `Device ${deviceId} did not answer within ${timeoutMs} ms`, 504)

export const invalidRequest = (message: string) => new DomainError('invalid_request', message, 400)
