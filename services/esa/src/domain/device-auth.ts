// Calls SSE's device proxy makes to the appliance: an HS256 JWT signed with this appliance's device secret,
// {iss: "sse", sub: deviceId, aud: "device"}, checked against the control-plane clock.
import { JwtError, verifyHs256 } from '@ctrmock/kit/domain'
import type { CloudSettingsRecord } from './cloud-service-settings.ts'
import { unauthorized } from './errors.ts'

/** What the appliance's Cloud Service Settings hold of its SSE registration. */
export type DeviceCredentials = Pick<CloudSettingsRecord, 'registrationStatus' | 'deviceId' | 'deviceSecret'>

export function verifySseCall(s: DeviceCredentials, authorization: string | undefined, now: Date): void {
  if (s.registrationStatus !== 'REGISTERED' || !s.deviceId || !s.deviceSecret) {
    throw unauthorized('This appliance is not registered with Security Services Exchange.')
  }
  if (!authorization?.startsWith('Bearer ')) throw unauthorized('A Bearer JWT signed with the device credentials is required.')
  let claims: Record<string, unknown>
  try {
    claims = verifyHs256(authorization.slice('Bearer '.length).trim(), s.deviceSecret, now, { audience: 'device' })
  } catch (error) {
    throw unauthorized(error instanceof JwtError && error.reason === 'expired' ? 'The device JWT has expired.' : 'The device JWT is invalid.')
  }
  if (claims.iss !== 'sse' || claims.sub !== s.deviceId) throw unauthorized('The device JWT was not issued by SSE for this device.')
}
