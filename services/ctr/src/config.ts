// CTR's environment, checked at boot.
import { Type, type Static } from '@sinclair/typebox'
import { BaseServiceEnv } from '@ctrmock/kit'
import { DEFAULT_RELAY_URL_ALLOWLIST } from './domain/relay-urls.ts'

export const CtrEnv = Type.Object({
  ...BaseServiceEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 7100 }),
  REGION: Type.Union([Type.Literal('NAM'), Type.Literal('EU'), Type.Literal('APJC')], { default: 'NAM' }),
  /** The paired SSE instance (NAM ↔ AMERICAS, EU ↔ EUROPE). */
  SSE_URL: Type.String({ default: 'http://127.0.0.1:7200' }),
  /** Every CTR region of the deployment for /clouds.json (`NAM=http://…,EU=http://…`); this one alone when absent. */
  REGION_URLS: Type.Optional(Type.String({ pattern: '^(NAM|EU|APJC)=https?://[^,\\s]+(,(NAM|EU|APJC)=https?://[^,\\s]+)*$' })),
  /** The paired private intelligence (CTIA) instance; without it the region offers no Private Intelligence module. */
  INTEL_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** The intel service as a user's browser reaches it (refer links); INTEL_URL when absent. */
  INTEL_PUBLIC_URL: Type.Optional(Type.String({ minLength: 1 })),
  CTRMOCK_CLIENT_ID: Type.String({ default: 'client-00000000-0000-4000-8000-000000000001', pattern: '^client-[\\w-]{1,100}$' }),
  CTRMOCK_CLIENT_PASSWORD: Type.String({ default: 'ctrmock-dev-password', minLength: 8 }),
  /** IROH's per-org limit over a rolling hour (SecureX: 8000); 0 turns limiting off (benchmarks). */
  RATE_LIMIT_PER_HOUR: Type.Integer({ minimum: 0, default: 8000 }),
  /** How long enrich/response wait for each module before reporting it in errors[]. */
  MODULE_TIMEOUT_MS: Type.Integer({ minimum: 1, maximum: 300_000, default: 5000 }),
  /** How often "ctia-events" webhooks' event logs are read from the private intelligence. */
  WEBHOOK_POLL_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 1000 }),
  /** Hosts relay module URLs may point at (comma-separated: names, *.suffix, CIDRs, IPs; "*" = any). */
  RELAY_URL_ALLOWLIST: Type.String({ default: DEFAULT_RELAY_URL_ALLOWLIST }),
  /** Origins (a regex) whose browser apps may call this API across origins; by default CTIA's own default, local ones. */
  CORS_ALLOW_ORIGIN: Type.String({ minLength: 1, default: 'https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?' }),
})
export type CtrConfig = Static<typeof CtrEnv>
