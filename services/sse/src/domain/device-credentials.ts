// Device credentials: each call carries an HS256 JWT signed with the secret issued at registration,
// claims {iss: deviceId, sub: deviceId, aud: "sse", iat, exp}; times are judged by the control-plane clock.
import { decodeJwtPayload, verifyHs256, JwtError } from '@ctrmock/kit/domain'
import type { DeviceRecord } from '../store/index.ts'
import type { SseContext } from './context.ts'
import { invalidDeviceCredentials } from './errors.ts'

export const DEVICE_AUDIENCE = 'sse'

export async function authenticateDevice(ctx: SseContext, authorization: string | undefined): Promise<DeviceRecord> {
  if (!authorization?.startsWith('Bearer ')) throw invalidDeviceCredentials('no device token in the Authorization header')
  const token = authorization.slice(7).trim()
  const claimed = decodeJwtPayload(token)
  const deviceId = claimed?.sub
  if (typeof deviceId !== 'string' || !/^[\w.-]{1,100}$/.test(deviceId)) throw invalidDeviceCredentials('the device token names no device')
  const device = await ctx.store.devices.findById(deviceId)
  if (!device) throw invalidDeviceCredentials('unknown or deleted device')
  let claims: Record<string, unknown>
  try {
    claims = verifyHs256(token, device.secret, ctx.clock.now(device.orgId), { audience: DEVICE_AUDIENCE })
  } catch (error) {
    throw invalidDeviceCredentials(error instanceof JwtError ? error.message : 'the device token is invalid')
  }
  if (claims.iss !== device.id) throw invalidDeviceCredentials('iss must be the device id')
  // exp bounds the token's life; iat is not required (the kit's signer drops it).
  if (typeof claims.exp !== 'number') throw invalidDeviceCredentials('exp is required')
  return device
}
