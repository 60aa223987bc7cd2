// Schemas shared by SSE's routes: error answers (IROH shape) and paging. Wire shapes themselves live in @ctrmock/types.
import { Type, type TSchema } from '@sinclair/typebox'
import { IrohError } from '@ctrmock/types'
import type { ServiceApp } from '@ctrmock/kit'

/** One IrohError response per listed status code, for the OpenAPI document and the serializer. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, IrohError]))
}

/** Errors every admin (portal) route can answer: bad input, missing/invalid CTR token, JWKS unreachable. */
export const ADMIN_ERRORS = [400, 401, 503]

export const Paging = (defaultLimit: number, maxLimit: number) => ({
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit }),
})

export const DeviceIdParams = Type.Object({ deviceId: Type.String({ minLength: 1, maxLength: 100, description: 'Device id' }) })

export const TAGS = {
  tokens: 'registration tokens',
  devices: 'devices',
  cloudServices: 'cloud services',
  events: 'events',
  auditLog: 'audit log',
  ctr: 'for CTR',
  device: 'device-facing',
} as const

export const ADMIN_SECURITY_NOTE = 'Requires `Authorization: Bearer <access token issued by the paired CTR>`; the org is the token\'s org claim.'
export const DEVICE_SECURITY_NOTE = 'Requires `Authorization: Bearer <HS256 JWT signed with the device secret>` ({iss, sub: deviceId, aud: "sse", iat, exp}).'

/** A route plugin of this service: typed with the kit's TypeBox-aware instance, so schemas type the handlers. */
export type SseRoutes<Options> = (app: ServiceApp, options: Options) => Promise<void>
