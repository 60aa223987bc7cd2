// The OAuth2 authorization-code flow (RFC 6749 §4.1, PKCE RFC 7636) and refresh tokens that rotate (RFC 6749 §6,
// OAuth 2.0 Security BCP §4.14): a user of the client's org approves, the client redeems the code once.
import { createHash } from 'node:crypto'
import { DomainError } from '@ctrmock/kit/domain'
import type { OAuthClientRecord } from '../store/oauth-clients.ts'
import type { CtrContext } from './context.ts'
import { invalidGrant, invalidRequest, redirectUriNotRegistered, unauthorizedClient, unknownOAuthClient } from './errors.ts'
import { accessTokenFor, CODE_TTL_SECONDS, issueGrant, redeem, REFRESH_TTL_SECONDS, secretId, type IssuedToken, type SignClaims } from './grants.ts'
import { InvalidClientError, grantScopes } from './oauth2.ts'
import { verifyPassword } from './identity.ts'

export interface AuthorizeRequest {
  response_type?: string
  client_id?: string
  redirect_uri?: string
  scope?: string
  state?: string
  code_challenge?: string
  code_challenge_method?: string
}

export const PKCE_METHODS = ['S256', 'plain'] as const

/** The client and the redirect an answer may go to; refusals before this point are never redirected (§4.1.2.1). */
export async function authorizationTarget(ctx: CtrContext, req: AuthorizeRequest): Promise<{ client: OAuthClientRecord, redirectUri: string }> {
  if (!req.client_id) throw invalidRequest('client_id is required')
  const client = await ctx.store.oauthClients.get(req.client_id)
  if (!client) throw unknownOAuthClient(req.client_id)
  const redirectUri = req.redirect_uri ?? (client.redirects.length === 1 ? client.redirects[0] : undefined)
  if (!redirectUri || !client.redirects.includes(redirectUri)) throw redirectUriNotRegistered()
  return { client, redirectUri }
}

function withParams(url: string, params: Record<string, string | undefined>): string {
  const target = new URL(url)
  for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(key, value)
  return target.toString()
}

/** The user approves the client: where the browser goes next, with a code or with the error (§4.1.2). */
export async function authorize(ctx: CtrContext, req: AuthorizeRequest, userId: string): Promise<string> {
  const { client, redirectUri } = await authorizationTarget(ctx, req)
  const refuse = (error: string, description: string) => withParams(redirectUri, { error, error_description: description, state: req.state })
  if (req.response_type !== 'code') return refuse('unsupported_response_type', 'response_type must be code')
  if (!client.grants.includes('auth-code')) return refuse('unauthorized_client', 'The client is not allowed the auth-code grant')
  const user = await ctx.store.identity.findUser(userId)
  if (!user || user.orgId !== client.orgId) return refuse('access_denied', 'The user is not a user of the client\'s org')
  const method = req.code_challenge ? req.code_challenge_method ?? 'plain' : undefined
  if (method && !(PKCE_METHODS as readonly string[]).includes(method)) return refuse('invalid_request', 'code_challenge_method must be S256 or plain')
  let scopes: string[]
  try {
    scopes = grantScopes(client.scopes, req.scope)
  } catch (error) {
    if (error instanceof DomainError) return refuse('invalid_scope', error.message)
    throw error
  }
  const code = await issueGrant(ctx, 'code', CODE_TTL_SECONDS, {
    orgId: client.orgId, userId: user.id, clientId: client.id, scopes, redirectUri,
    ...(req.code_challenge ? { codeChallenge: req.code_challenge, codeChallengeMethod: method! } : {}),
  })
  return withParams(redirectUri, { code, state: req.state })
}

/** An OAuth client authenticated by its id and secret (Basic or form), as the token endpoint checks it. */
export async function authenticateOAuthClient(ctx: CtrContext, id: string, secret: string): Promise<OAuthClientRecord | undefined> {
  const client = await ctx.store.oauthClients.get(id)
  if (!client) return undefined
  if (!(await verifyPassword(secret, client.passwordHash))) throw new InvalidClientError(`wrong secret for OAuth client ${id}`)
  return client
}

function pkceMatches(challenge: string, method: string | undefined, verifier: string | undefined): boolean {
  if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false
  return method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') === challenge : verifier === challenge
}

export interface CodeRedemption {
  code?: string
  redirect_uri?: string
  code_verifier?: string
}

/** grant_type=authorization_code: the code, once, for an access token and a refresh token. */
export async function redeemCode(ctx: CtrContext, client: OAuthClientRecord, req: CodeRedemption, sign: SignClaims): Promise<IssuedToken> {
  if (!req.code) throw invalidRequest('code is required')
  if (!client.grants.includes('auth-code')) throw unauthorizedClient('The client is not allowed the auth-code grant')
  const grant = await redeem(ctx, 'code', req.code, client.id)
  if (req.redirect_uri !== undefined && req.redirect_uri !== grant.redirectUri) throw invalidGrant('redirect_uri differs from the one the code was issued for')
  if (grant.codeChallenge && !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod, req.code_verifier)) throw invalidGrant('code_verifier does not match the code_challenge')
  const token = await accessTokenFor(ctx, grant, grant.scopes, sign)
  const refresh = await issueGrant(ctx, 'refresh', REFRESH_TTL_SECONDS, { orgId: grant.orgId, userId: grant.userId, clientId: client.id, scopes: grant.scopes, familyId: grant.familyId })
  return { ...token, refresh_token: refresh }
}

/** grant_type=refresh_token: a new access token and a new refresh token; the old one is spent. */
export async function refreshTokens(ctx: CtrContext, client: OAuthClientRecord, refreshToken: string | undefined, scope: string | undefined, sign: SignClaims): Promise<IssuedToken> {
  if (!refreshToken) throw invalidRequest('refresh_token is required')
  const grant = await redeem(ctx, 'refresh', refreshToken, client.id)
  const scopes = grantScopes(grant.scopes, scope)
  const token = await accessTokenFor(ctx, grant, scopes, sign)
  const next = await issueGrant(ctx, 'refresh', REFRESH_TTL_SECONDS, { orgId: grant.orgId, userId: grant.userId, clientId: client.id, scopes: grant.scopes, familyId: grant.familyId })
  return { ...token, refresh_token: next }
}

/** RFC 7009: a refresh token of this client is revoked with its family; anything else is ignored, as the RFC says. */
export async function revokeToken(ctx: CtrContext, client: OAuthClientRecord, token: string): Promise<void> {
  const grant = await ctx.store.oauthGrants.find('refresh', secretId(token))
  if (grant?.clientId === client.id) await ctx.store.oauthGrants.revokeFamily(grant.familyId, ctx.clock.now(grant.orgId))
}
