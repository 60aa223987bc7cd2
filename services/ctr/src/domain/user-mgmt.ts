// IROH user management for an org's own users: read one or several, search, and change a user's role or name.
// A user of another org does not exist here.
import type { StoredUser } from '../store/users.ts'
import type { CtrContext } from './context.ts'
import { userNotFound } from './errors.ts'
import { listView } from './int-documents.ts'
import { sessionScopes } from './sessions.ts'

export const USER_ROLES = ['admin', 'user', 'integration'] as const
export type UserRole = (typeof USER_ROLES)[number]

export type UserView = Record<string, unknown> & { 'user-id': string }

export function userView(user: StoredUser): UserView {
  return {
    'user-id': user.id, 'org-id': user.orgId, 'user-email': user.email, 'user-name': user.name, 'user-nick': user.name,
    role: user.role, scopes: sessionScopes(user.role), 'enabled?': true, 'created-at': user.createdAt.toISOString(), 'updated-at': user.updatedAt.toISOString(),
  }
}

export async function getUser(ctx: CtrContext, orgId: string, id: string): Promise<UserView> {
  const user = await ctx.store.users.get(orgId, id)
  if (!user) throw userNotFound(id)
  return userView(user)
}

export async function getUsers(ctx: CtrContext, orgId: string, ids: string[]): Promise<UserView[]> {
  return (await ctx.store.users.list(orgId, ids)).map(userView)
}

export async function changeUser(ctx: CtrContext, orgId: string, id: string, change: { role?: UserRole, 'user-name'?: string }): Promise<UserView> {
  const updated = await ctx.store.users.update(orgId, id, {
    ...(change.role ? { role: change.role } : {}), ...(change['user-name'] ? { name: change['user-name'] } : {}),
  }, ctx.clock.now(orgId))
  if (!updated) throw userNotFound(id)
  return userView(updated)
}

export interface UserSearch {
  query?: string
  role?: string
  sort_by?: string
  sort_order?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

export async function searchUsers(ctx: CtrContext, orgId: string, search: UserSearch): Promise<UserView[]> {
  const users = (await ctx.store.users.list(orgId)).map(userView)
  return listView(users, {
    filters: { role: search.role }, query: { text: search.query, fields: ['user-email', 'user-name'] },
    sort_by: search.sort_by ?? 'created-at', ...(search.sort_order ? { sort_order: search.sort_order } : {}),
    ...(search.offset !== undefined ? { offset: search.offset } : {}), limit: search.limit ?? 100,
  })
}
