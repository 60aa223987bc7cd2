// SSE's portal (/api/v1) and device-facing (/device/v1) payloads beyond the core contract in sse.ts: what the ESA
// agent, CTR, the CLI and the cross-service tests send to and read from SSE. ctrmock's own design (cisco-api.md §4).
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'
import { Device, DeviceStatus, TokenExpiration } from './sse.ts'

const dateTime = Type.String({ format: 'date-time' })

/** POST /api/v1/registration-tokens — "Add Devices and Generate Tokens". */
export const RegistrationTokenRequest = Type.Object({
  count: Type.Integer({ minimum: 1, maximum: 100, description: 'Number of devices (1..100): one single-use token each' }),
  expiration: TokenExpiration,
}, { additionalProperties: false })
export type RegistrationTokenRequest = Static<typeof RegistrationTokenRequest>

export const RegistrationTokenBatch = Type.Object({
  tokens: Type.Array(Type.Object({ token: Type.String(), expiresAt: dateTime })),
  expiresAt: dateTime,
  /** "The following tokens have been generated and will be valid for N hour(s)" */
  message: Type.String(),
  /** Identifies this batch for GET /api/v1/registration-tokens/download?batchId= ("Save To File"). */
  batchId: Type.String(),
})
export type RegistrationTokenBatch = Static<typeof RegistrationTokenBatch>

export const REGISTRATION_TOKEN_STATUSES = ['unused', 'used', 'expired', 'revoked'] as const
export const RegistrationTokenStatus = literalUnion(REGISTRATION_TOKEN_STATUSES)
export type RegistrationTokenStatus = Static<typeof RegistrationTokenStatus>

export const RegistrationTokenView = Type.Object({
  token: Type.String(),
  status: RegistrationTokenStatus,
  createdAt: dateTime,
  expiresAt: dateTime,
  usedAt: Type.Optional(dateTime),
  revokedAt: Type.Optional(dateTime),
  deviceId: Type.Optional(Type.String()),
  batchId: Type.String(),
})
export type RegistrationTokenView = Static<typeof RegistrationTokenView>

export const RegistrationTokenList = Type.Object({ tokens: Type.Array(RegistrationTokenView) })
export type RegistrationTokenList = Static<typeof RegistrationTokenList>

/** GET /api/v1/devices */
export const DeviceList = Type.Object({
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  devices: Type.Array(Device),
})
export type DeviceList = Static<typeof DeviceList>

/** PATCH /api/v1/devices/{deviceId} */
export const DeviceUpdate = Type.Object({
  description: Type.String({ maxLength: 1000 }),
}, { additionalProperties: false })
export type DeviceUpdate = Static<typeof DeviceUpdate>

/** GET /api/v1/threat-response/devices — what CTR may offer in "Registered Device". */
export const ThreatResponseDeviceList = Type.Object({ devices: Type.Array(Device) })
export type ThreatResponseDeviceList = Static<typeof ThreatResponseDeviceList>

/** GET /api/v1/cloud-services; PUT /api/v1/cloud-services/threat-response takes ThreatResponseSetting. */
export const ThreatResponseSetting = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false })
export type ThreatResponseSetting = Static<typeof ThreatResponseSetting>
export const CloudServices = Type.Object({ threatResponse: ThreatResponseSetting })
export type CloudServices = Static<typeof CloudServices>

/** POST /device/v1/heartbeat answer. */
export const HeartbeatResponse = Type.Object({ status: DeviceStatus, serverTime: dateTime })
export type HeartbeatResponse = Static<typeof HeartbeatResponse>

/** POST /device/v1/events — an event a device reports. */
export const DeviceEventInput = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 100 }),
  message: Type.String({ minLength: 1, maxLength: 2000 }),
  severity: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
}, { additionalProperties: false })
export type DeviceEventInput = Static<typeof DeviceEventInput>

export const DEVICE_EVENT_SOURCES = ['device', 'sse'] as const
export const DeviceEvent = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  deviceName: Type.String(),
  /** `device` when the device posted it; `sse` when SSE recorded it (e.g. the device proxy could not reach it). */
  source: literalUnion(DEVICE_EVENT_SOURCES),
  type: Type.String(),
  message: Type.String(),
  severity: Type.String(),
  createdAt: dateTime,
})
export type DeviceEvent = Static<typeof DeviceEvent>

export const DeviceEventList = Type.Object({ total: Type.Integer(), events: Type.Array(DeviceEvent) })
export type DeviceEventList = Static<typeof DeviceEventList>

export const AUDIT_OUTCOMES = ['success', 'failure'] as const
export const AuditLogEntry = Type.Object({
  id: Type.String(),
  at: dateTime,
  /** Who: the CTR user or API client of the admin token, or `device:<id>` for device-facing calls. */
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  outcome: literalUnion(AUDIT_OUTCOMES),
  /** Why a mutation failed (e.g. "expired token"), for admins only. */
  reason: Type.Optional(Type.String()),
})
export type AuditLogEntry = Static<typeof AuditLogEntry>

export const AuditLog = Type.Object({ total: Type.Integer(), entries: Type.Array(AuditLogEntry) })
export type AuditLog = Static<typeof AuditLog>
