// The services' one JWT implementation: RS256 key pairs with a kid, their JWKS, HS256 device tokens, and
// verification on fast-jwt against the caller's clock (the control plane's), in requests and outside them alike.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto'
import { createDecoder, createSigner, createVerifier, TokenError } from 'fast-jwt'

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

/** Signs claims as given (iat/exp/nbf are the caller's, from its clock; no iat is added). */
export function signRs256(key: SigningKey, claims: Record<string, unknown>): string {
  return createSigner({ key: key.privateKeyPem, algorithm: 'RS256', kid: key.kid, noTimestamp: claims.iat === undefined })(claims)
}

const base64url = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url')
// Parsed private keys by their PEM: the PEM is the key itself, so an entry can never be stale.
const parsedPrivateKeys = new Map<string, KeyObject>()

/**
 * signRs256's token, signed on libuv's thread pool (node:crypto's callback form) with the key parsed once, because
 * signing on the event loop holds token issue back from its speed guard (BENCHMARKS.md, "CTR").
 */
export function signRs256InThreadPool(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  let privateKey = parsedPrivateKeys.get(key.privateKeyPem)
  if (!privateKey) {
    if (parsedPrivateKeys.size >= 16) parsedPrivateKeys.clear()
    parsedPrivateKeys.set(key.privateKeyPem, privateKey = createPrivateKey(key.privateKeyPem))
  }
  const input = `${base64url({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64url(claims)}`
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), privateKey, (error, signature) => {
      if (error) reject(error)
      else resolve(`${input}.${signature.toString('base64url')}`)
    })
  })
}

export class JwtError extends Error {
  constructor(readonly reason: 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'unknown_key' | 'claims', message: string) {
    super(message)
  }
}

/** fast-jwt's error as a JwtError; an error of the key lookup passes unchanged. */
function jwtError(error: unknown): unknown {
  if (error instanceof JwtError) return error
  if (!(error instanceof TokenError)) return new JwtError('malformed', 'JWT is malformed')
  if (error.originalError instanceof JwtError) return error.originalError
  switch (error.code) {
    case TokenError.codes.expired: return new JwtError('expired', 'JWT has expired')
    case TokenError.codes.inactive: return new JwtError('not_yet_valid', 'JWT is not yet valid')
    case TokenError.codes.invalidSignature: return new JwtError('signature', 'JWT signature is invalid')
    case TokenError.codes.invalidAlgorithm: return new JwtError('signature', 'JWT algorithm is not allowed')
    case TokenError.codes.invalidClaimValue:
    case TokenError.codes.missingRequiredClaim: return new JwtError('claims', error.message)
    case TokenError.codes.invalidKey: return new JwtError('unknown_key', 'JWT was not signed by a known key')
    case TokenError.codes.keyFetchingError: return error.originalError ?? new JwtError('unknown_key', 'JWT was not signed by a known key')
    default: return new JwtError('malformed', 'JWT is malformed')
  }
}

export interface Expectations {
  issuer?: string
  /** When given, the token must name it in `aud`. */
  audience?: string
}

/** A public key (PEM), or how to find one by the token's kid (undefined when no key has that kid). */
export type PublicKeySource = string | ((kid: string) => Promise<string | undefined>)

/** Verifies an RS256 token (no other algorithm); times are checked against `now` (the control-plane clock). */
export async function verifyRs256(token: string, key: PublicKeySource, now: Date, expect: Expectations = {}): Promise<Record<string, unknown>> {
  const header = jwtHeader(token)
  if (!header) throw new JwtError('malformed', 'JWT is malformed')
  if (header.alg !== 'RS256') throw new JwtError('signature', 'JWT algorithm is not allowed')
  let pem: string | undefined
  if (typeof key === 'string') pem = key
  else if (typeof header.kid !== 'string') throw new JwtError('malformed', 'JWT has no kid')
  else pem = await key(header.kid)
  if (!pem) throw new JwtError('unknown_key', `kid ${String(header.kid)} is not a known signing key`)
  return verify(token, pem, 'RS256', now, 0, expect)
}

/** Device credentials: a shared secret; each call carries a short-lived HS256 JWT made with it. */
export function signHs256(secret: string, claims: Record<string, unknown>): string {
  return createSigner({ key: secret, algorithm: 'HS256', noTimestamp: claims.iat === undefined })(claims)
}

// Devices and the services they call keep their own clocks, so an HS256 token's times get this much leeway.
const HS256_TOLERANCE_MS = 5_000

export function verifyHs256(token: string, secret: string, now: Date, expect: Expectations = {}): Record<string, unknown> {
  return verify(token, secret, 'HS256', now, HS256_TOLERANCE_MS, expect)
}

// Verifiers by what they check: the key text is the key itself, so an entry can never be stale.
const verifiers = new Map<string, (token: string) => Record<string, unknown>>()

/** fast-jwt's verifier for one key, algorithm and issuer/audience; times are checked by verify() against its clock. */
function verifierFor(key: string, algorithm: 'RS256' | 'HS256', expect: Expectations): (token: string) => Record<string, unknown> {
  const id = [algorithm, key, expect.issuer ?? '', expect.audience ?? ''].join('\0')
  let verifier = verifiers.get(id)
  if (!verifier) {
    if (verifiers.size >= 256) verifiers.clear()
    verifier = createVerifier({
      key, algorithms: [algorithm], ignoreExpiration: true, ignoreNotBefore: true,
      ...(expect.issuer ? { allowedIss: expect.issuer } : {}),
      // fast-jwt alone lets a token without `aud` through an audience check.
      ...(expect.audience ? { allowedAud: expect.audience, requiredClaims: ['aud'] } : {}),
    })
    verifiers.set(id, verifier)
  }
  return verifier
}

function verify(token: string, key: string, algorithm: 'RS256' | 'HS256', now: Date, toleranceMs: number, expect: Expectations): Record<string, unknown> {
  let payload: Record<string, unknown>
  try {
    payload = verifierFor(key, algorithm, expect)(token)
  } catch (error) {
    throw jwtError(error)
  }
  const nowMs = now.getTime()
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || nowMs < payload.nbf * 1000 - toleranceMs)) {
    throw new JwtError('not_yet_valid', 'JWT is not yet valid')
  }
  // RFC 7519 §4.1.4: a token is refused from its exp on.
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || nowMs >= payload.exp * 1000 + toleranceMs)) {
    throw new JwtError('expired', 'JWT has expired')
  }
  return payload
}

const decodeHeader = createDecoder({ complete: true })

/** The token's header, unverified; undefined when it cannot be read. */
export function jwtHeader(token: string): Record<string, unknown> | undefined {
  try {
    return (decodeHeader(token) as { header: Record<string, unknown> }).header
  } catch {
    return undefined
  }
}
