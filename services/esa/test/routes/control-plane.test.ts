import t from 'tap'
import { API, basic, buildTestApp, createOrg } from '../helper.ts'

const app = await buildTestApp(t)

t.test('POST /__mock/orgs gives each suite its own appliance and credentials', async (t) => {
  const org = await createOrg(app, { hostname: 'esa07.example.test', asyncosVersion: '14.0.0-692', org: 'suite-a' })
  t.match(org, {
    orgId: 'suite-a', applianceId: /^esa-/, hostname: 'esa07.example.test', asyncosVersion: '14.0.0-692',
    serialNumber: /^[0-9A-F]{20}-[0-9A-F]{12}$/, username: 'admin', password: /.{16,}/, smtp: { username: /^smtp-/, password: /.{16,}/ },
  })
  const other = await createOrg(app)
  t.not(other.applianceId, org.applianceId)
  t.not(other.password, org.password)
  const bad = await app.inject({ method: 'POST', url: '/__mock/orgs', payload: { hostname: 'not a hostname!' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { error: { code: '400' } })
  const unknownField = await app.inject({ method: 'POST', url: '/__mock/orgs', payload: { colour: 'blue' } })
  t.equal(unknownField.statusCode, 400)
})

t.test('bulk loads validate their input and refuse duplicate MIDs', async (t) => {
  const org = await createOrg(app)
  const load = (messages: unknown[]) => app.inject({ method: 'POST', url: '/__mock/messages', payload: { applianceId: org.applianceId, messages } })
  t.equal((await load([{ sender: 'a@b.c' }])).statusCode, 400, 'recipients are required')
  t.equal((await load([{ sender: 'a@b.c', recipients: ['x@y.z'], timestamp: 'soon' }])).statusCode, 400)
  t.equal((await load([{ sender: 'a@b.c', recipients: ['x@y.z'], timestamp: '0000-01-01T00:00:00Z' }])).statusCode, 400)
  t.equal((await load([{ sender: 'a@b.c', recipients: ['x@y.z'], attachments: [{ fileName: 'f', sha256: 'xyz' }] }])).statusCode, 400)
  t.equal((await load([{ sender: 'a@b.c', recipients: ['x@y.z'], subject: 'nul \u0000 inside' }])).statusCode, 400, 'NUL characters are refused')
  t.equal((await load([{ mid: 2_147_483_647, sender: 'a@b.c', recipients: ['x@y.z'] }])).statusCode, 400, 'MIDs stay below the 32-bit limit')
  const given = await load([{ mid: 40, sender: 'a@b.c', recipients: ['x@y.z'] }])
  t.same(given.json().mids, [40])
  t.equal((await load([{ mid: 40, sender: 'a@b.c', recipients: ['x@y.z'] }])).statusCode, 409, 'a MID is unique per appliance')
  t.same((await load([{ sender: 'a@b.c', recipients: ['x@y.z'] }])).json().mids, [41], 'numbering continues after a given MID')
  const unknown = await app.inject({ method: 'POST', url: '/__mock/messages', payload: { applianceId: 'nope', messages: [] } })
  t.equal(unknown.statusCode, 404)
  const seeded = await app.inject({ method: 'POST', url: '/__mock/seed', payload: { applianceId: org.applianceId, messages: [{ sender: 'a@b.c', recipients: ['x@y.z'] }] } })
  t.equal(seeded.statusCode, 201)
  t.same(seeded.json().mids, [42])
})

t.test('a full reset brings the default appliance back factory-fresh and drops every org', async (t) => {
  const org = await createOrg(app)
  const admin = basic('admin', 'ironport')
  await app.inject({ method: 'PUT', url: `${API}/config/cloud_service_settings`, headers: admin, payload: { enabled: true } })
  await app.inject({ method: 'POST', url: '/__mock/messages', payload: { messages: [{ sender: 'a@b.c', recipients: ['x@y.z'] }] } })
  t.equal((await app.inject({ method: 'POST', url: '/__mock/reset', payload: {} })).statusCode, 200)
  const page = (await app.inject({ method: 'GET', url: `${API}/config/cloud_service_settings`, headers: admin })).json().data
  t.equal(page.uncommittedChanges, false)
  const again = await app.inject({ method: 'POST', url: '/__mock/messages', payload: { messages: [{ sender: 'a@b.c', recipients: ['x@y.z'] }] } })
  t.same(again.json().mids, [1], 'MIDs start over')
  const gone = await app.inject({ method: 'GET', url: `${API}/config/cloud_service_settings`, headers: basic(org.username, org.password) })
  t.equal(gone.statusCode, 401)
})

t.test('every route is documented in OpenAPI', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/documentation/json' })
  t.equal(res.statusCode, 200)
  const paths = Object.keys(res.json().paths)
  for (const path of [
    '/esa/api/v2.0/login', '/esa/api/v2.0/login/privileges', '/esa/api/v2.0/message-tracking/messages',
    '/esa/api/v2.0/message-tracking/details', '/esa/api/v2.0/config/cloud_service_settings', '/esa/api/v2.0/config/commit',
    '/esa/api/v2.0/config/abandon', '/esa/api/v2.0/config/cloud_service_settings/register',
    '/esa/api/v2.0/config/cloud_service_settings/deregister', '/sse/v1/appliances/{applianceId}/messages/search', '/__mock/messages',
  ]) t.ok(paths.includes(path), path)
})
