// Profile: who a token's user and org are, and changes to the org (its name), in IROH's field names.
import type { OrgRecord } from '../store/identity.ts'
import type { Caller, CtrContext } from './context.ts'
import { tokenOrgGone } from './errors.ts'
import { sessionScopes } from './sessions.ts'

export type OrgView = Record<string, unknown>

function orgView(org: OrgRecord): OrgView {
  return {
    id: org.id, name: org.name, 'enabled?': true, 'activation-status': 'activated', 'scim-status': 'disabled',
    'allow-all-role-to-login': true, 'allow-all-role-to-login-editable?': true,
    'created-at': org.createdAt.toISOString(), 'updated-at': org.updatedAt.toISOString(),
  }
}

export async function currentOrg(ctx: CtrContext, orgId: string): Promise<OrgView> {
  const org = await ctx.store.identity.findOrg(orgId)
  if (!org) throw tokenOrgGone()
  return orgView(org)
}

/**
 * The token's user as user management shows it: the scopes are the user's (its role's), not the token's, as the SDK's
 * functional tests find them equal in Cisco's cloud; a caller without a user record shows its token's.
 */
export async function whoami(ctx: CtrContext, caller: Caller & { scopes: string[] }) {
  const org = await currentOrg(ctx, caller.orgId)
  const user = await ctx.store.identity.findUser(caller.userId)
  return {
    user: {
      role: user?.role ?? 'integration', scopes: user ? sessionScopes(user.role) : caller.scopes, 'user-id': caller.userId, 'org-id': caller.orgId,
      'user-email': user?.email ?? '', 'user-name': user?.name ?? caller.clientId, 'user-nick': user?.name ?? caller.clientId,
      'enabled?': true, 'idp-mappings': [],
      ...(user ? { 'created-at': user.createdAt.toISOString(), 'updated-at': user.updatedAt.toISOString() } : {}),
      'last-logged-at': ctx.clock.now(caller.orgId).toISOString(),
    },
    org,
  }
}

/** IROH's schema errors for an org change, by key; empty when the change may go ahead. */
export function orgChangeErrors(body: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = Object.fromEntries(Object.keys(body).filter((k) => k !== 'name').map((k) => [k, 'disallowed-key']))
  if (Object.keys(errors).length > 0) return errors
  const { name } = body
  if (name !== undefined && (typeof name !== 'string' || !name.trim() || name.length > 200)) return { name: '(not (non-blank-string? name))' }
  return {}
}

export async function changeOrg(ctx: CtrContext, orgId: string, body: { name?: unknown }): Promise<OrgView> {
  const org = await ctx.store.identity.updateOrg(orgId, typeof body.name === 'string' ? { name: body.name.trim() } : {}, ctx.clock.now(orgId))
  if (!org) throw tokenOrgGone()
  return orgView(org)
}
