import { test } from 'tap'
import { buildTestApp, orgWithToken } from '../helper.ts'

test('module types', async (t) => {
  const app = await buildTestApp(t)

  await t.test('lists the built-in types, Cisco\'s relay types under their published ids among them', async (t) => {
    const org = await orgWithToken(app)
    const res = await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-type', headers: org.auth })
    t.equal(res.statusCode, 200)
    const types = res.json()
    t.same(types.map((m: { title: string }) => m.title), ['Email Security Appliance', 'Relay Module', 'Mock Intelligence', 'Generic Relay', 'Generic Serverless Relay'])
    t.same(types.slice(3).map((m: { id: string }) => m.id), ['a14ae422-01b6-5013-9876-695ff1b0ebe0', '86aad484-6344-42df-922d-916b9947ec47'])
    const esa = types[0]
    t.equal(esa.default_name, 'Email Security Appliance')
    t.match(esa.configuration_spec, [
      { key: 'device', type: 'device', label: 'Registered Device', required: true },
      { key: 'timeframe', type: 'integer', label: 'Request Timeframe (days)', default_value: 30 },
    ])
    const one = await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-type/${esa.id}`, headers: org.auth })
    t.same(one.json(), esa)
    const query = await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-type?query=email', headers: org.auth })
    t.same(query.json().map((m: { title: string }) => m.title), ['Email Security Appliance'])
  })

  await t.test('an org adds, changes and deletes its own (relay) module type, unseen by other orgs', async (t) => {
    const org = await orgWithToken(app)
    const other = await orgWithToken(app)
    const created = await app.inject({
      method: 'POST', url: '/iroh/iroh-int/module-type', headers: org.auth,
      payload: { title: 'Pulsedive', default_name: 'Pulsedive', properties: { url: 'http://127.0.0.1:9/', 'supported-apis': ['health'] }, configuration_spec: [{ key: 'custom_key', type: 'api_key', label: 'API key' }] },
    })
    t.equal(created.statusCode, 200)
    const type = created.json()
    t.match(type, { title: 'Pulsedive', org_id: org.orgId, visibility: 'org', enabled: true, record: 'relay-module.module/RelayModule' })
    const patched = await app.inject({ method: 'PATCH', url: `/iroh/iroh-int/module-type/${type.id}`, headers: org.auth, payload: { short_description: 'Threat intel', tips: null } })
    t.equal(patched.json().short_description, 'Threat intel')
    t.equal((await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-type/${type.id}`, headers: other.auth })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-type', headers: other.auth })).json().length, 5)
    t.equal((await app.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-type/${type.id}`, headers: org.auth })).statusCode, 204)
    t.equal((await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-type/${type.id}`, headers: org.auth })).statusCode, 404)
  })

  await t.test("an org module type's relay URL is held to RELAY_URL_ALLOWLIST (CTR is no open proxy)", async (t) => {
    const org = await orgWithToken(app)
    const create = (url: string) => app.inject({ method: 'POST', url: '/iroh/iroh-int/module-type', headers: org.auth, payload: { title: 'Outside', default_name: 'Outside', properties: { url } } })
    const outside = await create('http://169.254.169.254/latest/meta-data/')
    t.equal(outside.statusCode, 400)
    t.match(outside.json().error_description, /properties\.url: host "169\.254\.169\.254" is not in RELAY_URL_ALLOWLIST/)
    const inside = await create('http://127.0.0.1:9/relay')
    t.equal(inside.statusCode, 200)
    const moved = await app.inject({ method: 'PATCH', url: `/iroh/iroh-int/module-type/${inside.json().id}`, headers: org.auth, payload: { properties: { url: 'http://example.com/' } } })
    t.equal(moved.statusCode, 400, 'nor can it be moved outside later')
  })

  await t.test('built-in types cannot be changed; bad bodies answer 400', async (t) => {
    const org = await orgWithToken(app)
    const [esa] = (await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-type', headers: org.auth })).json()
    t.equal((await app.inject({ method: 'PATCH', url: `/iroh/iroh-int/module-type/${esa.id}`, headers: org.auth, payload: { title: 'x' } })).statusCode, 403)
    t.equal((await app.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-type/${esa.id}`, headers: org.auth })).statusCode, 403)
    const bad = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-type', headers: org.auth, payload: { title: 'x' } })
    t.equal(bad.statusCode, 400)
    t.equal(bad.json().error, 'invalid_request')
    t.equal((await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-type', headers: org.auth, payload: { title: 'x', default_name: 'x', state: 'active' } })).statusCode, 400)
  })
})
