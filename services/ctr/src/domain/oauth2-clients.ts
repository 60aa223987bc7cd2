// OAuth2 clients (/iroh/oauth2-clients/clients): an org's apps that log users in with the authorization-code flow.
// The secret is shown once, when the client is made; the store keeps only its scrypt hash.
import type { OAuthClientRecord } from '../store/oauth-clients.ts'
import type { Caller, CtrContext } from './context.ts'
import { invalidRequest, oauthClientNotFound } from './errors.ts'
import { hashPassword } from './identity.ts'
import { ALL_SCOPES, isValidScope } from './scopes.ts'

export const OAUTH_CLIENT_GRANTS = ['auth-code', 'client-creds'] as const

export interface NewOAuthClient {
  name: string
  description?: string
  scopes: string[]
  redirects?: string[]
  grants?: string[]
  availability?: string
}

export type OAuthClientView = {
  id: string, name: string, description: string, scopes: string[], redirects: string[], grants: string[]
  availability: string, 'org-id': string, 'owner-id': string, 'client-type': 'confidential', 'created-at': string, 'updated-at': string
}

export function oauthClientView(c: OAuthClientRecord): OAuthClientView {
  return {
    id: c.id, name: c.name, description: c.description, scopes: c.scopes, redirects: c.redirects, grants: c.grants,
    availability: c.availability, 'org-id': c.orgId, 'owner-id': c.userId, 'client-type': 'confidential',
    'created-at': c.createdAt.toISOString(), 'updated-at': c.updatedAt.toISOString(),
  }
}

function isRedirectUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === ''
  } catch {
    return false
  }
}

function checked(input: NewOAuthClient): Required<NewOAuthClient> {
  const scopes = [...new Set(input.scopes)]
  const bad = scopes.filter((s) => !isValidScope(s) || !(ALL_SCOPES as readonly string[]).includes(s.split(/[/:]/)[0]!))
  if (scopes.length === 0 || bad.length > 0) throw invalidRequest(`scopes: ${bad.length ? `unknown scopes ${bad.join(' ')}` : 'at least one scope is needed'}`)
  const grants = [...new Set(input.grants ?? ['auth-code'])]
  const unknown = grants.filter((g) => !(OAUTH_CLIENT_GRANTS as readonly string[]).includes(g))
  if (grants.length === 0 || unknown.length > 0) throw invalidRequest(`grants: each one of ${OAUTH_CLIENT_GRANTS.join(', ')}`)
  const redirects = [...new Set(input.redirects ?? [])]
  if (redirects.some((r) => !isRedirectUrl(r))) throw invalidRequest('redirects: absolute http(s) URLs without a fragment')
  if (grants.includes('auth-code') && redirects.length === 0) throw invalidRequest('redirects: an auth-code client needs at least one')
  return { name: input.name, description: input.description ?? '', scopes, redirects, grants, availability: input.availability ?? 'org' }
}

export async function createOAuthClient(ctx: CtrContext, caller: Caller, input: NewOAuthClient): Promise<OAuthClientView & { password: string }> {
  const fields = checked(input)
  const password = ctx.random.bytes(36).toString('base64url')
  const now = ctx.clock.now(caller.orgId)
  const client = await ctx.store.oauthClients.create({
    ...fields, id: `client-${ctx.random.id()}`, orgId: caller.orgId, userId: caller.userId,
    passwordHash: await hashPassword(password, ctx.random), createdAt: now, updatedAt: now,
  })
  return { ...oauthClientView(client), password }
}

export async function findOAuthClient(ctx: CtrContext, orgId: string, id: string): Promise<OAuthClientRecord> {
  const client = await ctx.store.oauthClients.get(id)
  if (client?.orgId !== orgId) throw oauthClientNotFound(id)
  return client
}

export async function listOAuthClients(ctx: CtrContext, orgId: string): Promise<OAuthClientView[]> {
  return (await ctx.store.oauthClients.list(orgId)).map(oauthClientView)
}

/** Deletes the client and revokes every code and refresh token it holds; answers what was deleted. */
export async function deleteOAuthClient(ctx: CtrContext, orgId: string, id: string): Promise<OAuthClientView> {
  const client = await findOAuthClient(ctx, orgId, id)
  await ctx.store.oauthGrants.revokeClient(id, ctx.clock.now(orgId))
  if (!(await ctx.store.oauthClients.delete(orgId, id))) throw oauthClientNotFound(id)
  return oauthClientView(client)
}
