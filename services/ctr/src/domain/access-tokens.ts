// IROH access tokens: the claims of cisco-api.md §1.2 (exp - iat = 600, nbf = iat - 60, times from the clock),
// RS256-signed with a key ring whose keys live in the database. Signing runs on libuv's thread pool (async
// crypto.sign) so token issue uses a second core; verification caches verified tokens, so the hot path of every
// IROH call is a map lookup and a time comparison.
import { createPrivateKey, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto'
import {
  IROH_ACCESS_TOKEN_KIND, IROH_ACCESS_TOKEN_TTL_SECONDS, IROH_CLAIMS, IROH_CLAIMS_VERSION,
  IROH_CLIENT_CREDENTIALS_GRANT, IROH_TOKEN_ISSUER,
} from '@ctrmock/types'
import { DomainError } from '@ctrmock/kit'
import { noSigningKey } from './errors.ts'

export interface TokenSubject {
  orgId: string
  orgName: string
  userId: string
  userEmail: string
  clientId: string
  scopes: string[]
}

export interface VerifiedToken {
  orgId: string
  userId: string
  clientId: string
  scopes: string[]
  /** Seconds since the epoch. */
  exp: number
  nbf: number
}

export interface StoredSigningKey {
  kid: string
  privateKeyPem: string
  publicKeyPem: string
}

export function accessTokenClaims(subject: TokenSubject, now: Date): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000)
  return {
    iss: IROH_TOKEN_ISSUER,
    sub: subject.userId,
    email: subject.userEmail,
    exp: iat + IROH_ACCESS_TOKEN_TTL_SECONDS,
    iat,
    nbf: iat - 60,
    jti: randomUUID(),
    [IROH_CLAIMS.userEmail]: subject.userEmail,
    [IROH_CLAIMS.userScopes]: subject.scopes,
    [IROH_CLAIMS.userId]: subject.userId,
    [IROH_CLAIMS.scopes]: subject.scopes,
    [IROH_CLAIMS.oauthScopes]: subject.scopes,
    [IROH_CLAIMS.oauthUserId]: subject.userId,
    [IROH_CLAIMS.orgId]: subject.orgId,
    [IROH_CLAIMS.orgName]: subject.orgName,
    [IROH_CLAIMS.oauthGrant]: IROH_CLIENT_CREDENTIALS_GRANT,
    [IROH_CLAIMS.oauthClientId]: subject.clientId,
    [IROH_CLAIMS.oauthKind]: IROH_ACCESS_TOKEN_KIND,
    [IROH_CLAIMS.version]: IROH_CLAIMS_VERSION,
  }
}

/** How much of a token's end keys the verified-token cache: 32 base64url characters of an RSA signature. */
const SIGNATURE_TAIL = 32

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')

export class InvalidTokenError extends DomainError {
  constructor(message: string) {
    super('invalid_token', message, 401)
  }
}

/** The keys that sign and verify tokens: the newest signs, all verify (a replica's key is picked up on reload). */
export class KeyRing {
  #signing?: { kid: string; header: string; key: KeyObject }
  readonly #verifying = new Map<string, KeyObject>()
  // Keyed by the signature's tail (hashing a whole ~1 KB token on every request costs more than the rest of the
  // lookup); an entry serves only the exact token it was verified for.
  readonly #verified = new Map<string, { token: string; verified: VerifiedToken }>()
  readonly #maxCached: number

  constructor(options: { maxCachedTokens?: number } = {}) {
    this.#maxCached = options.maxCachedTokens ?? 50_000
  }

  load(keys: readonly StoredSigningKey[]): void {
    for (const key of keys) {
      if (!this.#verifying.has(key.kid)) this.#verifying.set(key.kid, createPublicKey(key.publicKeyPem))
    }
    const newest = keys.at(-1)
    if (newest && this.#signing?.kid !== newest.kid) {
      const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: newest.kid }))
      this.#signing = { kid: newest.kid, header, key: createPrivateKey(newest.privateKeyPem) }
    }
  }

  hasKey(kid: string): boolean {
    return this.#verifying.has(kid)
  }

  publicJwks(): Array<Record<string, unknown>> {
    return [...this.#verifying].map(([kid, key]) => ({ ...key.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }))
  }

  async sign(claims: Record<string, unknown>): Promise<string> {
    const signing = this.#signing
    if (!signing) throw noSigningKey()
    const input = `${signing.header}.${b64url(JSON.stringify(claims))}`
    const signature = await new Promise<Buffer>((resolve, reject) =>
      sign('sha256', Buffer.from(input), signing.key, (error, result) => (error ? reject(error) : resolve(result))))
    return `${input}.${signature.toString('base64url')}`
  }

  /** The kid a token names, or undefined when its header is unreadable. */
  static kidOf(token: string): string | undefined {
    try {
      const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'))
      return typeof header?.kid === 'string' ? header.kid : undefined
    } catch {
      return undefined
    }
  }

  /** Verifies signature, issuer and times (against `now`); throws InvalidTokenError naming what is wrong.
   *  `known` is this token's entry from an earlier peek(), sparing a second lookup. */
  verify(token: string, now: Date, known?: VerifiedToken): VerifiedToken {
    const nowSeconds = now.getTime() / 1000
    const cached = known ?? this.peek(token)
    const verified = cached ?? this.#verifySignature(token)
    if (nowSeconds >= verified.exp) throw new InvalidTokenError('The JWT has expired')
    if (nowSeconds < verified.nbf) throw new InvalidTokenError('The JWT is not valid yet')
    if (!cached) {
      if (this.#verified.size >= this.#maxCached) this.#verified.clear()
      this.#verified.set(token.slice(-SIGNATURE_TAIL), { token, verified })
    }
    return verified
  }

  /** Reads claims without verification, from the cache only (for cheap journal/fault attribution). */
  peek(token: string): VerifiedToken | undefined {
    const entry = this.#verified.get(token.slice(-SIGNATURE_TAIL))
    return entry?.token === token ? entry.verified : undefined
  }

  forgetOrg(orgId?: string): void {
    if (orgId === undefined) this.#verified.clear()
    else for (const [tail, entry] of this.#verified) if (entry.verified.orgId === orgId) this.#verified.delete(tail)
  }

  #verifySignature(token: string): VerifiedToken {
    const parts = token.split('.')
    if (parts.length !== 3 || parts.some((part) => !/^[\w-]*$/.test(part))) throw new InvalidTokenError('The JWT is malformed')
    let header: Record<string, unknown>
    let claims: Record<string, unknown>
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'))
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
    } catch {
      throw new InvalidTokenError('The JWT is malformed')
    }
    if (!header || typeof header !== 'object' || header.alg !== 'RS256') throw new InvalidTokenError('The JWT algorithm is not allowed')
    const key = typeof header.kid === 'string' ? this.#verifying.get(header.kid) : undefined
    if (!key) throw new InvalidTokenError('The JWT was not signed by a known key')
    const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'))
    if (!ok) throw new InvalidTokenError('The JWT signature is invalid')
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new InvalidTokenError('The JWT claims are not those of an IROH access token')
    const scopes = claims[IROH_CLAIMS.scopes]
    const orgId = claims[IROH_CLAIMS.orgId]
    const userId = claims[IROH_CLAIMS.userId]
    const clientId = claims[IROH_CLAIMS.oauthClientId]
    if (claims.iss !== IROH_TOKEN_ISSUER || typeof claims.exp !== 'number' || typeof claims.nbf !== 'number'
      || typeof orgId !== 'string' || typeof userId !== 'string' || !Array.isArray(scopes)
      || !scopes.every((s) => typeof s === 'string')) {
      throw new InvalidTokenError('The JWT claims are not those of an IROH access token')
    }
    return {
      orgId, userId, clientId: typeof clientId === 'string' ? clientId : '', scopes: scopes as string[],
      exp: claims.exp, nbf: claims.nbf,
    }
  }
}
