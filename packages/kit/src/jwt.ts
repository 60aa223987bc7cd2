// Real signatures: RS256 key pairs with a kid, signing, JWKS publication and verification against a remote JWKS.
import { createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto'
import { createSigner, createVerifier, TokenError } from 'fast-jwt'
import { ServiceClient } from './http/service-client.ts'

export interface SigningKey {
  kid: string
  privateKeyPem: string
  publicKeyPem: string
}

export function generateSigningKey(kid: string = randomUUID()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    kid,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

export function publicJwk(key: SigningKey): JsonWebKey & { kid: string; alg: string; use: string } {
  return { ...createPublicKey(key.publicKeyPem).export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' }
}

/** Signs claims as given (iat/exp/nbf are the caller's, computed from its clock). */
export function signRs256(key: SigningKey, claims: Record<string, unknown>): string {
  return createSigner({ key: key.privateKeyPem, algorithm: 'RS256', kid: key.kid, noTimestamp: true })(claims)
}

export class JwtError extends Error {
  constructor(readonly reason: 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'unknown_key' | 'claims', message: string) {
    super(message)
  }
}

/** Verifies an RS256 token; times are checked against `now` (the control-plane clock). */
export function verifyRs256(token: string, publicKeyPem: string, now: Date, expect: { issuer?: string; audience?: string } = {}): Record<string, unknown> {
  try {
    return createVerifier({
      key: publicKeyPem, algorithms: ['RS256'], clockTimestamp: now.getTime(), clockTolerance: 0,
      ...(expect.issuer ? { allowedIss: expect.issuer } : {}), ...(expect.audience ? { allowedAud: expect.audience } : {}),
    })(token)
  } catch (error) {
    if (error instanceof TokenError) {
      switch (error.code) {
        case TokenError.codes.expired: throw new JwtError('expired', 'JWT has expired')
        case TokenError.codes.inactive: throw new JwtError('not_yet_valid', 'JWT is not yet valid')
        case TokenError.codes.invalidSignature: throw new JwtError('signature', 'JWT signature is invalid')
        case TokenError.codes.invalidAlgorithm: throw new JwtError('signature', 'JWT algorithm is not allowed')
        case TokenError.codes.invalidClaimValue: throw new JwtError('claims', error.message)
        default: throw new JwtError('malformed', 'JWT is malformed')
      }
    }
    throw new JwtError('malformed', 'JWT is malformed')
  }
}

/** fast-jwt's nbf and exp checks (with its tolerance), for a token whose signature was verified. */
function checkTimes(payload: Record<string, unknown>, now: Date, toleranceMs = 0): void {
  const at = now.getTime()
  if (typeof payload.nbf === 'number' && at < payload.nbf * 1000 - toleranceMs) throw new JwtError('not_yet_valid', 'JWT is not yet valid')
  if (typeof payload.exp === 'number' && at > payload.exp * 1000 + toleranceMs) throw new JwtError('expired', 'JWT has expired')
}

const VERIFIED_CACHE_SIZE = 10_000

/**
 * Tokens whose signature was checked, with the key that checked it; bounded, the oldest forgotten first. A token
 * recalled with the same key is checked against the clock again (fast-jwt's nbf/exp rules), never trusted as it was.
 */
class VerifiedTokens {
  readonly #entries = new Map<string, { key: string; payload: Record<string, unknown> }>()

  /** A copy of the remembered payload, or undefined when `token` was not verified with `key`. */
  recall(token: string, key: string, now: Date, toleranceMs = 0): Record<string, unknown> | undefined {
    const known = this.#entries.get(token)
    if (!known || known.key !== key) return undefined
    checkTimes(known.payload, now, toleranceMs)
    return { ...known.payload }
  }

  remember(token: string, key: string, payload: Record<string, unknown>): Record<string, unknown> {
    if (this.#entries.size >= VERIFIED_CACHE_SIZE) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(token, { key, payload })
    return { ...payload }
  }
}

export function jwtHeader(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * Keys of a remote JWKS, fetched over HTTP and cached; an unknown kid triggers one refetch (rate-limited).
 * Verified tokens are remembered: a client sends the same access token for minutes, and checking its RS256 signature
 * again (parsing the key, RSA) was most of an SSE portal call's CPU (BENCHMARKS.md). A remembered token is still
 * checked on every call against the key its kid names now and against the clock, as fast-jwt checks them.
 */
export class RemoteJwks {
  #verified = new VerifiedTokens()
  #keys = new Map<string, string>()
  #fetchedAt = 0
  #client: ServiceClient
  #path: string

  constructor(url: string, private readonly maxAgeMs = 300_000) {
    const parsed = new URL(url)
    this.#client = new ServiceClient(parsed.origin, { timeoutMs: 5_000, connections: 2 })
    this.#path = parsed.pathname + parsed.search
  }

  async keyFor(kid: string): Promise<string> {
    const fresh = Date.now() - this.#fetchedAt < this.maxAgeMs
    if (!this.#keys.has(kid) && (!fresh || Date.now() - this.#fetchedAt > 1_000)) await this.#refresh()
    else if (!fresh) await this.#refresh().catch(() => {})
    const pem = this.#keys.get(kid)
    if (!pem) throw new JwtError('unknown_key', `kid ${kid} not found in the trusted JWKS`)
    return pem
  }

  async verify(token: string, now: Date, expect: { issuer?: string } = {}): Promise<Record<string, unknown>> {
    const header = jwtHeader(token)
    if (!header || typeof header.kid !== 'string') throw new JwtError('malformed', 'JWT has no kid')
    if (header.alg !== 'RS256') throw new JwtError('signature', 'JWT algorithm is not allowed')
    const pem = await this.keyFor(header.kid)
    const cacheKey = `${expect.issuer ?? ''}\n${token}`
    return this.#verified.recall(cacheKey, pem, now) ?? this.#verified.remember(cacheKey, pem, verifyRs256(token, pem, now, expect))
  }

  async #refresh(): Promise<void> {
    const res = await this.#client.call<{ keys?: Array<JsonWebKey & { kid?: string }> }>('GET', this.#path, { retries: 1 })
    if (res.status !== 200 || !Array.isArray(res.body?.keys)) throw new JwtError('unknown_key', 'trusted JWKS is unavailable')
    const keys = new Map<string, string>()
    for (const jwk of res.body.keys) {
      if (!jwk.kid) continue
      const key: KeyObject = createPublicKey({ key: jwk, format: 'jwk' })
      keys.set(jwk.kid, key.export({ type: 'spki', format: 'pem' }).toString())
    }
    this.#keys = keys
    this.#fetchedAt = Date.now()
  }

  close(): Promise<void> {
    return this.#client.close()
  }
}

/** Device credentials: a shared secret; each call carries a short-lived HS256 JWT made with it. */
export function signHs256(secret: string, claims: Record<string, unknown>): string {
  return createSigner({ key: secret, algorithm: 'HS256', noTimestamp: true })(claims)
}

const HS256_TOLERANCE_MS = 5_000
// Verified device tokens: SSE signs one token per device and second, and a proxied call verifies it again each time.
const verifiedHs256 = new VerifiedTokens()

export function verifyHs256(token: string, secret: string, now: Date, expect: { audience?: string } = {}): Record<string, unknown> {
  const cacheKey = `${expect.audience ?? ''}\n${token}`
  const known = verifiedHs256.recall(cacheKey, secret, now, HS256_TOLERANCE_MS)
  if (known) return known
  let payload: Record<string, unknown>
  try {
    payload = createVerifier({
      key: secret, algorithms: ['HS256'], clockTimestamp: now.getTime(), clockTolerance: HS256_TOLERANCE_MS,
      // An expected audience must be named: fast-jwt alone lets a token without `aud` through.
      ...(expect.audience ? { allowedAud: expect.audience, requiredClaims: ['aud'] } : {}),
    })(token)
  } catch (error) {
    if (error instanceof TokenError && error.code === TokenError.codes.expired) throw new JwtError('expired', 'JWT has expired')
    if (error instanceof TokenError && error.code === TokenError.codes.inactive) throw new JwtError('not_yet_valid', 'JWT is not yet valid')
    if (error instanceof TokenError && (error.code === TokenError.codes.invalidClaimValue || error.code === TokenError.codes.missingRequiredClaim)) {
      throw new JwtError('claims', error.message)
    }
    throw new JwtError('signature', 'JWT signature is invalid')
  }
  return verifiedHs256.remember(cacheKey, secret, payload)
}
