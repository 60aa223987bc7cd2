// The intel service's environment, checked at boot.
import { Type, type Static } from '@sinclair/typebox'
import { BaseServiceEnv } from '@ctrmock/kit'

export const IntelEnv = Type.Object({
  ...BaseServiceEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 7110 }),
  REGION: Type.Union([Type.Literal('NAM'), Type.Literal('EU'), Type.Literal('APJC')], { default: 'NAM' }),
  /** JWKS of the CTR of the same region: every call carries an access token that CTR issued. */
  INTEL_TRUSTED_JWKS_URL: Type.String({ default: 'http://127.0.0.1:7100/.well-known/jwks' }),
  /** The host (and port) entity ids name (`https://<host>/ctia/<type>/<type>-<uuid>`); by default the region's Cisco host. */
  INTEL_PUBLIC_HOST: Type.Optional(Type.String({ minLength: 1 })),
  /** Origins (a regex) whose browser apps may call this API across origins; by default CTIA's own default, local ones. */
  CORS_ALLOW_ORIGIN: Type.String({ minLength: 1, default: 'https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?' }),
})
export type IntelConfig = Static<typeof IntelEnv>

// With the port: CTIA's long ids always name the port it is shown on (ctim.domain.id `long-id`), 443 at Cisco.
const PUBLIC_HOSTS: Record<IntelConfig['REGION'], string> = {
  NAM: 'private.intel.amp.cisco.com:443',
  EU: 'private.intel.eu.amp.cisco.com:443',
  APJC: 'private.intel.apjc.amp.cisco.com:443',
}

export function publicHost(config: IntelConfig): string {
  return config.INTEL_PUBLIC_HOST ?? PUBLIC_HOSTS[config.REGION]
}
