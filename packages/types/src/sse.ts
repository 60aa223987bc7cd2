// SSE's wire contract between the services (SSE's real portal and device APIs are not public, see cisco-api.md §4;
// this is ctrmock's own design). Device-facing routes live under /device/v1, portal (admin) routes under /api/v1.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

export const REGISTRATION_FAILED_MESSAGE = 'The registration failed because of an invalid or expired token'

// Expirations the portal's "Add Devices and Generate Tokens" dialog offers, in hours.
export const TOKEN_EXPIRATION_CHOICES = ['1h', '2h', '4h', '6h', '8h', '12h', '1d', '2d', '3d', '4d', '5d'] as const
export const TOKEN_EXPIRATION_HOURS: Readonly<Record<(typeof TOKEN_EXPIRATION_CHOICES)[number], number>> = {
  '1h': 1, '2h': 2, '4h': 4, '6h': 6, '8h': 8, '12h': 12, '1d': 24, '2d': 48, '3d': 72, '4d': 96, '5d': 120,
}
export const TokenExpiration = literalUnion(TOKEN_EXPIRATION_CHOICES)
export type TokenExpiration = Static<typeof TokenExpiration>

export const DEVICE_TYPES = ['ESA', 'SMA', 'WSA', 'FMC', 'FTD'] as const
export const DeviceType = literalUnion(DEVICE_TYPES)
export type DeviceType = Static<typeof DeviceType>

/** What an appliance tells SSE about itself when it registers. */
export const DeviceFacts = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  type: DeviceType,
  version: Type.String({ minLength: 1, maxLength: 100 }),
  serialNumber: Type.String({ minLength: 1, maxLength: 100 }),
  ip: Type.String({ minLength: 1, maxLength: 64 }),
  /** Base URL where SSE's device proxy reaches the device. */
  callbackUrl: Type.String({ minLength: 1, maxLength: 1000 }),
}, { additionalProperties: false })
export type DeviceFacts = Static<typeof DeviceFacts>

/** POST /device/v1/registrations */
export const DeviceRegistrationRequest = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200 }),
  device: DeviceFacts,
}, { additionalProperties: false })
export type DeviceRegistrationRequest = Static<typeof DeviceRegistrationRequest>

/**
 * 201 answer: the device's credentials. The device signs its calls to SSE with an HS256 JWT made with
 * `deviceSecret` (sub = deviceId, aud = "sse"); SSE signs proxied calls to the device the same way (aud = "device").
 */
export const DeviceRegistration = Type.Object({
  deviceId: Type.String(),
  deviceSecret: Type.String(),
  region: Type.String(),
  registeredAt: Type.String({ format: 'date-time' }),
  heartbeatIntervalSeconds: Type.Integer(),
})
export type DeviceRegistration = Static<typeof DeviceRegistration>

export const DEVICE_STATUSES = ['registered', 'connected', 'disconnected'] as const
export const DeviceStatus = literalUnion(DEVICE_STATUSES)
export type DeviceStatus = Static<typeof DeviceStatus>

/** A device as the SSE portal's Devices list shows it. */
export const Device = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: DeviceType,
  version: Type.String(),
  status: DeviceStatus,
  description: Type.String(),
  serialNumber: Type.String(),
  ip: Type.String(),
  registeredAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type Device = Static<typeof Device>

/** POST /api/v1/devices/{id}/proxy — CTR asks SSE to forward a call to a device. */
export const DeviceProxyRequest = Type.Object({
  method: literalUnion(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const),
  path: Type.String({ minLength: 1, maxLength: 2000, pattern: '^/' }),
  query: Type.Optional(Type.Record(Type.String(), Type.String())),
  body: Type.Optional(Type.Unknown()),
}, { additionalProperties: false })
export type DeviceProxyRequest = Static<typeof DeviceProxyRequest>

export const DeviceProxyResponse = Type.Object({
  status: Type.Integer(),
  body: Type.Unknown(),
})
export type DeviceProxyResponse = Static<typeof DeviceProxyResponse>
