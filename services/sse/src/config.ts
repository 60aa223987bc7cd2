// SSE's environment, checked at boot.
import { Type, type Static } from '@sinclair/typebox'
import { BaseServiceEnv } from '@ctrmock/kit'

export const SseEnv = Type.Object({
  ...BaseServiceEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 7200 }),
  REGION: Type.Union([Type.Literal('AMERICAS'), Type.Literal('EUROPE'), Type.Literal('APJC')], { default: 'AMERICAS' }),
  /** JWKS of the paired CTR: admin (portal) calls carry tokens that CTR issued. */
  SSE_TRUSTED_JWKS_URL: Type.String({ default: 'http://127.0.0.1:7100/.well-known/jwks' }),
  /** How often devices are told to heartbeat; a device is disconnected after 3 missed intervals. */
  HEARTBEAT_INTERVAL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
  /** How long the device proxy waits for a device before answering 504 device_timeout. */
  DEVICE_PROXY_TIMEOUT_MS: Type.Integer({ minimum: 1, maximum: 300_000, default: 10_000 }),
})
export type SseConfig = Static<typeof SseEnv>
