// What the code and login flows hand out: random secrets, kept only as their SHA-256, and the tokens they redeem for.
import { createHash } from 'node:crypto'
import { IROH_ACCESS_TOKEN_TTL_SECONDS } from '@ctrmock/types'
import type { GrantKind, GrantRecord } from '../store/oauth-grants.ts'
import { accessTokenClaims } from './access-tokens.ts'
import type { CtrContext } from './context.ts'
import { invalidGrant } from './errors.ts'

/** Signs access-token claims (the wiring's key ring). */
export type SignClaims = (claims: Record<string, unknown>) => Promise<string>

export const CODE_TTL_SECONDS = 300
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600
export const SESSION_TTL_SECONDS = 12 * 3600
export const LOGIN_CODE_TTL_SECONDS = 60

export const secretId = (secret: string) => createHash('sha256').update(secret).digest('hex')

export interface NewGrant {
  orgId: string
  userId: string
  clientId: string
  scopes: string[]
  familyId?: string
  redirectUri?: string
  codeChallenge?: string
  codeChallengeMethod?: string
  state?: string
}

/** Keeps a new grant of `kind`, valid for `ttl` seconds; answers its secret. */
export async function issueGrant(ctx: CtrContext, kind: GrantKind, ttl: number, grant: NewGrant): Promise<string> {
  const secret = ctx.random.bytes(32).toString('base64url')
  const now = ctx.clock.now(grant.orgId)
  await ctx.store.oauthGrants.add({
    ...grant, kind, id: secretId(secret), familyId: grant.familyId ?? ctx.random.id(),
    expiresAt: new Date(now.getTime() + ttl * 1000), createdAt: now,
  })
  return secret
}

/** The live grant a secret names, or undefined (unknown, of another kind, expired or used). */
export async function liveGrant(ctx: CtrContext, kind: GrantKind, secret: string): Promise<GrantRecord | undefined> {
  const grant = await ctx.store.oauthGrants.find(kind, secretId(secret))
  if (!grant || grant.usedAt || grant.expiresAt.getTime() <= ctx.clock.now(grant.orgId).getTime()) return undefined
  return grant
}

/**
 * Redeems a one-time secret: the grant, now used. A secret redeemed twice revokes everything of its family (RFC 6749
 * §4.1.2 and §10.4: a replayed code or rotated refresh token means it leaked).
 */
export async function redeem(ctx: CtrContext, kind: GrantKind, secret: string, clientId?: string): Promise<GrantRecord> {
  const grant = await ctx.store.oauthGrants.find(kind, secretId(secret))
  const now = grant ? ctx.clock.now(grant.orgId) : undefined
  if (!grant || !now || (clientId !== undefined && grant.clientId !== clientId)) throw invalidGrant(`The ${kind === 'refresh' ? 'refresh token' : 'code'} is unknown or belongs to another client`)
  if (grant.usedAt || !(await ctx.store.oauthGrants.use(grant.id, now))) {
    await ctx.store.oauthGrants.revokeFamily(grant.familyId, now)
    throw invalidGrant(`The ${kind === 'refresh' ? 'refresh token' : 'code'} was already used or revoked`)
  }
  if (grant.expiresAt.getTime() <= now.getTime()) throw invalidGrant(`The ${kind === 'refresh' ? 'refresh token' : 'code'} has expired`)
  return grant
}

export interface IssuedToken {
  access_token: string
  token_type: 'bearer'
  expires_in: number
  scope: string
  refresh_token?: string
}

/** An access token for the grant's user, org and client, with the given scopes. */
export async function accessTokenFor(ctx: CtrContext, grant: Pick<GrantRecord, 'orgId' | 'userId' | 'clientId'>, scopes: string[], sign: SignClaims, lifetime = IROH_ACCESS_TOKEN_TTL_SECONDS): Promise<IssuedToken> {
  const [org, user] = await Promise.all([ctx.store.identity.findOrg(grant.orgId), ctx.store.identity.findUser(grant.userId)])
  if (!org || !user || user.orgId !== org.id) throw invalidGrant('The user or org of this grant no longer exists')
  const claims = accessTokenClaims({ orgId: org.id, orgName: org.name, userId: user.id, userEmail: user.email, clientId: grant.clientId, scopes }, ctx.clock.now(org.id), ctx.random)
  // A caller may ask for a shorter life, never a longer one than IROH's.
  const seconds = Math.min(lifetime, IROH_ACCESS_TOKEN_TTL_SECONDS)
  claims.exp = (claims.iat as number) + seconds
  return { access_token: await sign(claims), token_type: 'bearer', expires_in: seconds, scope: scopes.join(' ') }
}
