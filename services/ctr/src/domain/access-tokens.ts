// IROH access tokens: the claims of cisco-api.md §1.2 (exp - iat = 600, nbf = iat - 60, times from the clock),
// signed with the newest of the instance's RS256 keys and verified with the key the token's kid names; the org is read
// from the store on every call, so a token of a deleted org is refused by every replica at once.
import {
  IROH_ACCESS_TOKEN_KIND, IROH_ACCESS_TOKEN_TTL_SECONDS, IROH_CLAIMS, IROH_CLAIMS_VERSION,
  IROH_CLIENT_CREDENTIALS_GRANT, IROH_TOKEN_ISSUER,
} from '@ctrmock/types'
import { DomainError, JwtError, publicJwk, signRs256InThreadPool, verifyRs256, type SigningKey } from '@ctrmock/kit/domain'
import { noSigningKey } from './errors.ts'
import type { CtrRandom } from './random.ts'

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

/** The instance's signing keys as the store keeps them. */
export interface SigningKeys {
  /** The key that signs new tokens. */
  newest(): Promise<SigningKey | undefined>
  find(kid: string): Promise<SigningKey | undefined>
  list(): Promise<SigningKey[]>
}

/** Whether an org exists (it is gone after /__mock/reset). */
export interface Orgs {
  orgExists(orgId: string): Promise<boolean>
}

/** The claims of a new token; its jti comes from the context's id source. */
export function accessTokenClaims(subject: TokenSubject, now: Date, random: CtrRandom): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000)
  return {
    iss: IROH_TOKEN_ISSUER,
    sub: subject.userId,
    email: subject.userEmail,
    exp: iat + IROH_ACCESS_TOKEN_TTL_SECONDS,
    iat,
    nbf: iat - 60,
    jti: random.id(),
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

export class InvalidTokenError extends DomainError {
  constructor(message: string) {
    super('invalid_token', message, 401)
  }
}

const NOT_IROH_CLAIMS = 'The JWT claims are not those of an IROH access token'

/** Why a token was refused, as IROH words it. */
function refusal(error: JwtError): InvalidTokenError {
  switch (error.reason) {
    case 'expired': return new InvalidTokenError('The JWT has expired')
    case 'not_yet_valid': return new InvalidTokenError('The JWT is not valid yet')
    case 'unknown_key': return new InvalidTokenError('The JWT was not signed by a known key')
    case 'claims': return new InvalidTokenError(NOT_IROH_CLAIMS)
    case 'signature': return new InvalidTokenError(`The ${error.message}`)
    default: return new InvalidTokenError('The JWT is malformed')
  }
}

/** The claims an IROH call relies on, or InvalidTokenError when a signed payload lacks them. */
function verifiedToken(claims: unknown): VerifiedToken {
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new InvalidTokenError(NOT_IROH_CLAIMS)
  const c = claims as Record<string, unknown>
  const scopes = c[IROH_CLAIMS.scopes]
  const orgId = c[IROH_CLAIMS.orgId]
  const userId = c[IROH_CLAIMS.userId]
  const clientId = c[IROH_CLAIMS.oauthClientId]
  if (c.iss !== IROH_TOKEN_ISSUER || typeof c.exp !== 'number' || typeof c.nbf !== 'number'
    || typeof orgId !== 'string' || typeof userId !== 'string' || !Array.isArray(scopes)
    || !scopes.every((s) => typeof s === 'string')) {
    throw new InvalidTokenError(NOT_IROH_CLAIMS)
  }
  return { orgId, userId, clientId: typeof clientId === 'string' ? clientId : '', scopes: scopes as string[], exp: c.exp, nbf: c.nbf }
}

/** Signs and verifies the instance's access tokens. */
export class AccessTokens {
  constructor(private readonly keys: SigningKeys, private readonly orgs: Orgs) {}

  async sign(claims: Record<string, unknown>): Promise<string> {
    const key = await this.keys.newest()
    if (!key) throw noSigningKey()
    return signRs256InThreadPool(key, claims)
  }

  /** Signature (RS256 only), issuer, times (against `now`) and the org's existence; InvalidTokenError says what is wrong. */
  async verify(token: string, now: Date): Promise<VerifiedToken> {
    let claims: Record<string, unknown>
    try {
      claims = await verifyRs256(token, async (kid) => (await this.keys.find(kid))?.publicKeyPem, now, { issuer: IROH_TOKEN_ISSUER })
    } catch (error) {
      throw error instanceof JwtError ? refusal(error) : error
    }
    const verified = verifiedToken(claims)
    if (!(await this.orgs.orgExists(verified.orgId))) throw new InvalidTokenError('The org of this JWT does not exist')
    return verified
  }

  async publicJwks(): Promise<Array<Record<string, unknown>>> {
    return (await this.keys.list()).map(publicJwk)
  }
}
