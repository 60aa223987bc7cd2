// IROH's browser login, as ctrmock plays it: one identity provider, "ctrmock", whose login page takes the user by id
// (there are no passwords to check). Its answer starts a session (a cookie) and hands the page a one-time code that
// POST /iroh/iroh-auth/code redeems for an access token.
import type { CtrContext } from './context.ts'
import { invalidLoginState, noSession, unknownIdp, unknownLoginUser } from './errors.ts'
import { accessTokenFor, issueGrant, LOGIN_CODE_TTL_SECONDS, liveGrant, redeem, SESSION_TTL_SECONDS, type IssuedToken, type SignClaims } from './grants.ts'
import { ALL_SCOPES, DEFAULT_SCOPES } from './scopes.ts'

export const CTRMOCK_IDP = 'ctrmock'
/** Where a session's client id points in its tokens: the browser session, not an API client. */
export const SESSION_CLIENT_ID = 'iroh-ui'
const RENEW_BEFORE_SECONDS = 3600

export function checkIdp(idp: string): void {
  if (idp !== CTRMOCK_IDP) throw unknownIdp(idp)
}

/** What a user's browser session may do: every scope for an admin, the integration scopes for others. */
export function sessionScopes(role: string): string[] {
  return role === 'admin' ? [...ALL_SCOPES] : [...DEFAULT_SCOPES]
}

/** The identity provider's step: the user named, a code and state for the answer page. */
export async function identify(ctx: CtrContext, login: { userId: string, orgId?: string, origin: string }): Promise<{ code: string, state: string }> {
  const user = await ctx.store.identity.findUser(login.userId)
  if (!user || (login.orgId !== undefined && user.orgId !== login.orgId)) throw unknownLoginUser(login.userId)
  const state = ctx.random.bytes(16).toString('base64url')
  const code = await issueGrant(ctx, 'idp-code', LOGIN_CODE_TTL_SECONDS, { orgId: user.orgId, userId: user.id, clientId: SESSION_CLIENT_ID, scopes: sessionScopes(user.role), redirectUri: login.origin, state })
  return { code, state }
}

/** The answer page: the session's secret (for the cookie) and where the browser goes, with a one-time code. */
export async function answerLogin(ctx: CtrContext, code: string, state: string): Promise<{ session: string, location: string }> {
  const grant = await redeem(ctx, 'idp-code', code)
  if (grant.state !== state) throw invalidLoginState()
  const owner = { orgId: grant.orgId, userId: grant.userId, clientId: SESSION_CLIENT_ID, scopes: grant.scopes }
  const session = await issueGrant(ctx, 'session', SESSION_TTL_SECONDS, owner)
  const loginCode = await issueGrant(ctx, 'login-code', LOGIN_CODE_TTL_SECONDS, owner)
  return { session, location: withCode(grant.redirectUri!, loginCode) }
}

/** The origin with the code added: an absolute URL, or a path of this CTR (authorize sends its own URL as one). */
function withCode(origin: string, code: string): string {
  const absolute = /^https?:\/\//i.test(origin)
  const location = new URL(origin, 'http://this-ctr.invalid')
  location.searchParams.set('code', code)
  return absolute ? location.toString() : `${location.pathname}${location.search}${location.hash}`
}

/** POST /iroh/iroh-auth/code: the page's one-time code for an access token, at most as long-lived as IROH's. */
export async function redeemLoginCode(ctx: CtrContext, code: string, sign: SignClaims, lifetime?: number): Promise<IssuedToken> {
  const grant = await redeem(ctx, 'login-code', code)
  return accessTokenFor(ctx, grant, grant.scopes, sign, lifetime)
}

async function liveSession(ctx: CtrContext, secret: string | undefined) {
  const session = secret ? await liveGrant(ctx, 'session', secret) : undefined
  if (!session) throw noSession()
  return session
}

export interface SessionStatus {
  valid: true
  'user-id': string
  'org-id': string
  scopes: string[]
  'needs-renewal': boolean
}

export async function sessionStatus(ctx: CtrContext, secret: string | undefined): Promise<SessionStatus> {
  const s = await liveSession(ctx, secret)
  const left = (s.expiresAt.getTime() - ctx.clock.now(s.orgId).getTime()) / 1000
  return { valid: true, 'user-id': s.userId, 'org-id': s.orgId, scopes: s.scopes, 'needs-renewal': left < RENEW_BEFORE_SECONDS }
}

/** The session's user, as an access token (the page's API calls use it). */
export async function exchangeSession(ctx: CtrContext, secret: string | undefined, sign: SignClaims): Promise<IssuedToken & { needs_renewal: boolean }> {
  const status = await sessionStatus(ctx, secret)
  const session = await liveSession(ctx, secret)
  return { ...(await accessTokenFor(ctx, session, session.scopes, sign)), needs_renewal: status['needs-renewal'] }
}

/** The user whose live session this is, if any (the authorize page reads it). */
export async function sessionUser(ctx: CtrContext, secret: string | undefined): Promise<string | undefined> {
  const session = secret ? await liveGrant(ctx, 'session', secret) : undefined
  return session?.userId
}

/** Ends the session; an unknown or ended one is already gone. */
export async function endSession(ctx: CtrContext, secret: string | undefined): Promise<void> {
  const session = secret ? await liveGrant(ctx, 'session', secret) : undefined
  if (session) await ctx.store.oauthGrants.use(session.id, ctx.clock.now(session.orgId))
}
