import { test } from 'tap'
import { accessToken, buildTestApp, createOrg, orgWithToken } from '../helper.ts'

test('profile', async (t) => {
  const app = await buildTestApp(t)

  await t.test('whoami names the token\'s user and org', async (t) => {
    const org = await orgWithToken(app, { name: 'Acme Corp' })
    const res = await app.inject({ method: 'GET', url: '/iroh/profile/whoami', headers: org.auth })
    t.equal(res.statusCode, 200)
    t.match(res.json(), {
      user: { role: 'admin', 'org-id': org.orgId, 'user-email': 'admin@acme-corp.ctrmock.test' },
      org: { id: org.orgId, name: 'Acme Corp', 'activation-status': 'activated' },
    })
    const user = await app.inject({ method: 'GET', url: `/iroh/user-mgmt/users/${res.json().user['user-id']}`, headers: org.auth })
    t.same(res.json().user.scopes, user.json().scopes, 'the user\'s scopes, the same as user management shows (the SDK\'s functional tests)')
  })

  await t.test('the org can be renamed; unknown keys answer 400 disallowed-key', async (t) => {
    const org = await orgWithToken(app)
    const renamed = await app.inject({ method: 'POST', url: '/iroh/profile/org', headers: org.auth, payload: { name: 'Renamed' } })
    t.equal(renamed.statusCode, 200)
    t.equal(renamed.json().name, 'Renamed')
    t.equal((await app.inject({ method: 'GET', url: '/iroh/profile/org', headers: org.auth })).json().name, 'Renamed')
    const bad = await app.inject({ method: 'POST', url: '/iroh/profile/org', headers: org.auth, payload: { invalid_key: 1 } })
    t.equal(bad.statusCode, 400)
    t.same(bad.json(), { errors: { invalid_key: 'disallowed-key' } })
  })

  await t.test('profile needs the profile scope', async (t) => {
    const org = await createOrg(app, { scopes: ['inspect'] })
    const res = await app.inject({ method: 'GET', url: '/iroh/profile/whoami', headers: { authorization: `Bearer ${await accessToken(app, org)}` } })
    t.equal(res.statusCode, 403)
    t.same(res.json()['missing-scopes'], ['profile:read'])
  })

  await t.test('enrich settings answer 2xx JSON for a valid token (the SDK validates tokens with it)', async (t) => {
    const org = await orgWithToken(app)
    const res = await app.inject({ method: 'GET', url: '/iroh/iroh-enrich/settings', headers: org.auth })
    t.equal(res.statusCode, 200)
    t.same(res.json(), { module_instance_ids: [], module_timeout_ms: 5000 })
    t.equal((await app.inject({ method: 'GET', url: '/iroh/iroh-enrich/settings' })).statusCode, 401)
  })
})
