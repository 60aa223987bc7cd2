// A trusted issuer's signing keys, read from its JWKS URL: how SSE and intel check CTR's tokens.
import { createPublicKey, type JsonWebKey } from 'node:crypto'
import { JwtError, verifyRs256, type Expectations } from '../jwt.ts'
import { ServiceClient } from './service-client.ts'

/**
 * The public keys of a remote JWKS by kid, fetched over HTTP and refreshed after `maxAgeMs`; an unknown kid refetches
 * the set (at most once a second), so a key the issuer adds is found at once.
 */
export class RemoteJwks {
  #keys = new Map<string, string>()
  #fetchedAt = 0
  #client: ServiceClient
  #path: string

  constructor(url: string, private readonly maxAgeMs = 300_000) {
    const parsed = new URL(url)
    this.#client = new ServiceClient(parsed.origin, { timeoutMs: 5_000, connections: 2 })
    this.#path = parsed.pathname + parsed.search
  }

  async keyFor(kid: string): Promise<string | undefined> {
    const age = Date.now() - this.#fetchedAt
    if (!this.#keys.has(kid) && age > 1_000) await this.#refresh()
    // A set past its age is refreshed, but kept while the issuer cannot be reached.
    else if (age >= this.maxAgeMs) await this.#refresh().catch(() => {})
    return this.#keys.get(kid)
  }

  verify(token: string, now: Date, expect: Expectations = {}): Promise<Record<string, unknown>> {
    return verifyRs256(token, (kid) => this.keyFor(kid), now, expect)
  }

  async #refresh(): Promise<void> {
    const res = await this.#client.call<{ keys?: Array<JsonWebKey & { kid?: string }> }>('GET', this.#path, { retries: 1 })
    if (res.status !== 200 || !Array.isArray(res.body?.keys)) throw new JwtError('unknown_key', 'trusted JWKS is unavailable')
    const keys = new Map<string, string>()
    for (const jwk of res.body.keys) {
      if (jwk.kid) keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString())
    }
    this.#keys = keys
    this.#fetchedAt = Date.now()
  }

  close(): Promise<void> {
    return this.#client.close()
  }
}
