// User management use cases over an in-memory store: an org sees and changes only its own users.
import { test } from 'tap'
import { changeUser, getUser, getUsers, searchUsers } from '../../src/domain/user-mgmt.ts'
import { memoryContext, NOW } from '../support/memory-context.ts'

test('users are read, searched and changed within their org', async (t) => {
  const { ctx, memory } = memoryContext()
  memory.users.set('user-b', { id: 'user-b', orgId: 'org-a', email: 'bob@acme.test', name: 'Bob', role: 'user', createdAt: new Date(NOW.getTime() + 1), updatedAt: NOW })
  memory.users.set('user-z', { id: 'user-z', orgId: 'org-z', email: 'zed@other.test', name: 'Zed', role: 'admin', createdAt: NOW, updatedAt: NOW })
  t.match(await getUser(ctx, 'org-a', 'user-a'), { 'user-id': 'user-a', 'user-email': 'admin@acme.test', role: 'admin' })
  await t.rejects(getUser(ctx, 'org-a', 'user-z'), { code: 'not_found', status: 404 })
  t.same((await getUsers(ctx, 'org-a', ['user-b', 'user-z', 'nope'])).map((u) => u['user-id']), ['user-b'], 'unknown and foreign ids are left out')
  t.same((await searchUsers(ctx, 'org-a', { query: 'BOB' })).map((u) => u['user-id']), ['user-b'])
  t.same((await searchUsers(ctx, 'org-a', { role: 'admin' })).map((u) => u['user-id']), ['user-a'])
  t.same((await searchUsers(ctx, 'org-a', { sort_order: 'desc' })).map((u) => u['user-id']), ['user-b', 'user-a'])
  t.match(await changeUser(ctx, 'org-a', 'user-b', { role: 'admin', 'user-name': 'Robert' }), { role: 'admin', 'user-name': 'Robert' })
  await t.rejects(changeUser(ctx, 'org-a', 'user-z', { role: 'user' }), { code: 'not_found' })
  t.equal(memory.users.get('user-z')!.role, 'admin')
})
