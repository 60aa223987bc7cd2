// The ESA agent's environment, checked at boot.
import { Type, type Static } from '@sinclair/typebox'
import { BaseServiceEnv } from '@ctrmock/kit'

export const EsaEnv = Type.Object({
  ...BaseServiceEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 7300 }),
  SMTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 2525 }),
  /** Largest mail the SMTP listener accepts (SIZE extension); bigger ones get 552. */
  SMTP_MAX_MESSAGE_BYTES: Type.Integer({ minimum: 1024, default: 26_214_400 }),
  // The default appliance (the tech note's esa03); POST /__mock/orgs adds more.
  ESA_HOSTNAME: Type.String({ minLength: 1, default: 'esa03.mex-amp.inlab' }),
  ESA_MODEL: Type.String({ minLength: 1, default: 'C100V' }),
  ASYNCOS_VERSION: Type.String({ pattern: '^\\d+\\.\\d+(\\.\\d+)?(-\\d+)?$', default: '13.0.0-392' }),
  /** Derived from the hostname when unset. */
  ESA_SERIAL_NUMBER: Type.Optional(Type.String({ minLength: 1 })),
  /** The management IP the appliance reports to SSE. */
  ESA_IP: Type.String({ minLength: 1, default: '127.0.0.1' }),
  ESA_ADMIN_USER: Type.String({ minLength: 1, default: 'admin' }),
  ESA_ADMIN_PASSWORD: Type.String({ minLength: 1, default: 'ironport' }),
  /** How long the Cloud Service stays busy after a commit, by the control-plane clock. */
  CLOUD_BUSY_SECONDS: Type.Number({ minimum: 0, default: 5 }),
  SSE_AMERICAS_URL: Type.String({ default: 'http://127.0.0.1:7200' }),
  SSE_EUROPE_URL: Type.String({ default: 'http://127.0.0.1:7201' }),
  SSE_APJC_URL: Type.Optional(Type.String()),
  SSE_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  /** Registration retries while SSE is down: exponential backoff from the base, capped at the max (real time). */
  REGISTRATION_RETRY_BASE_MS: Type.Integer({ minimum: 10, default: 1_000 }),
  REGISTRATION_RETRY_MAX_MS: Type.Integer({ minimum: 10, default: 30_000 }),
})
export type EsaConfig = Static<typeof EsaEnv>
