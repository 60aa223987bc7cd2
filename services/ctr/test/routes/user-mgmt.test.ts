// User management as Cisco's SDK calls it: users/{id} GET and POST, batch/users, search/users.
import { test } from 'tap'
import { buildTestApp, orgWithToken } from '../helper.ts'

test('user management reads and changes the org\'s own users only', async (t) => {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app, { name: 'Acme' })
  const other = await orgWithToken(app)
  const call = (method: 'GET' | 'POST', url: string, payload?: object, who = org) => app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) })
  const userId = (await call('GET', '/iroh/profile/whoami')).json().user['user-id'] as string

  const user = await call('GET', `/iroh/user-mgmt/users/${userId}`)
  t.equal(user.statusCode, 200)
  t.match(user.json(), { 'user-id': userId, 'org-id': org.orgId, role: 'admin', 'user-name': 'Acme admin', scopes: Array, 'enabled?': true })
  t.ok(user.json().scopes.includes('admin'), 'an admin\'s scopes, as its browser session gets them')
  t.equal((await call('GET', `/iroh/user-mgmt/users/${userId}`, undefined, other)).statusCode, 404)

  const changed = await call('POST', `/iroh/user-mgmt/users/${userId}`, { role: 'user', 'user-name': 'Ada' })
  t.match(changed.json(), { role: 'user', 'user-name': 'Ada' })
  t.equal((await call('GET', '/iroh/profile/whoami')).json().user.role, 'user', 'whoami reads the same user')
  t.equal((await call('POST', `/iroh/user-mgmt/users/${userId}`, { role: 'superuser' })).statusCode, 400)
  t.equal((await call('POST', '/iroh/user-mgmt/users/nobody', { role: 'user' })).statusCode, 404)

  t.same((await call('GET', `/iroh/user-mgmt/batch/users?id=${userId}&id=nobody`)).json().map((u: { 'user-id': string }) => u['user-id']), [userId])
  t.same((await call('GET', `/iroh/user-mgmt/batch/users?id=${userId}`, undefined, other)).json(), [])
  t.same((await call('POST', '/iroh/user-mgmt/search/users?sort_by=user-email&limit=10', { query: 'ada' })).json().map((u: { 'user-id': string }) => u['user-id']), [userId])
  t.same((await call('POST', '/iroh/user-mgmt/search/users', { role: 'admin' })).json(), [])
  t.equal((await call('POST', '/iroh/user-mgmt/search/users', {})).json().length, 1)
})
