import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { accessToken, createOrg, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'

const ESA = builtinModuleTypeId('esa', 'NAM')
const RELAY = builtinModuleTypeId('relay', 'NAM')
const INTEL = builtinModuleTypeId('mock-intel', 'NAM')

test('module instances', async (t) => {
  const { app, sse, esa } = await buildNeighbourhood(t)

  await t.test('an ESA module is created with a device SSE lists for the org, timeframe defaulting to 30 days', async (t) => {
    const org = await orgWithToken(app)
    const device = sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: esa.callbackUrl, secret: esa.secret })
    const res = await app.inject({
      method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth,
      payload: { name: 'esa03', module_type_id: ESA, visibility: 'org', settings: { device: device.id } },
    })
    t.equal(res.statusCode, 200)
    const instance = res.json()
    t.match(instance, { name: 'esa03', module_type_id: ESA, org_id: org.orgId, enabled: true, visibility: 'org', settings: { device: device.id, timeframe: 30 } })
    t.notOk('state' in instance, 'no fields beyond the Swagger\'s')
    const list = await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-instance', headers: org.auth })
    t.same(list.json(), [instance])
    t.same((await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-instance/${instance.id}`, headers: org.auth })).json(), instance)
  })

  await t.test('settings keep their JSON types, and a PATCH with null removes a setting', async (t) => {
    const org = await orgWithToken(app)
    const settings = { url: 'http://127.0.0.1:5991', limit: 100, allow: false, zero: 0, text: '100', list: [1, 'two', true], nested: { depth: 2, on: true } }
    const made = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'relay', module_type_id: RELAY, visibility: 'org', settings } })
    t.equal(made.statusCode, 200, made.body)
    t.strictSame(made.json().settings, settings, 'numbers and booleans are not turned into strings, nor strings into numbers')
    const url = `/iroh/iroh-int/module-instance/${made.json().id}`
    const patched = await app.inject({ method: 'PATCH', url, headers: org.auth, payload: { settings: { limit: null, allow: true } } })
    t.equal(patched.statusCode, 200, patched.body)
    const { limit: _removed, ...kept } = settings
    t.strictSame((await app.inject({ method: 'GET', url, headers: org.auth })).json().settings, { ...kept, allow: true })
  })

  await t.test('an ESA module with a device SSE does not list answers 400 saying why', async (t) => {
    const org = await orgWithToken(app)
    const elsewhere = await createOrg(app)
    const foreign = sse.addDevice(elsewhere.orgId, { name: 'other', callbackUrl: esa.callbackUrl, secret: esa.secret })
    for (const device of ['no-such-device', foreign.id]) {
      const res = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'esa', module_type_id: ESA, visibility: 'org', settings: { device } } })
      t.equal(res.statusCode, 400)
      t.match(res.json().error_description, /not a registered device of this org in Security Services Exchange/)
    }
    const mine = sse.addDevice(org.orgId, { name: 'mine', callbackUrl: esa.callbackUrl, secret: esa.secret })
    sse.setThreatResponse(org.orgId, false)
    const disabled = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'esa', module_type_id: ESA, visibility: 'org', settings: { device: mine.id } } })
    t.equal(disabled.statusCode, 400, 'while Threat Response is disabled in SSE Cloud Services the device is not offered')
    const noDevice = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'esa', module_type_id: ESA, visibility: 'org', settings: {} } })
    t.match(noDevice.json().error_description, /Registered Device/)
    const badTimeframe = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'esa', module_type_id: ESA, visibility: 'org', settings: { device: mine.id, timeframe: 0 } } })
    t.equal(badTimeframe.statusCode, 400)
  })

  await t.test('instances are patched and deleted; other orgs never see them', async (t) => {
    const org = await orgWithToken(app)
    const other = await orgWithToken(app)
    const created = (await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'Intel', module_type_id: INTEL, visibility: 'org', settings: { judgements: 'ip:1.2.3.4=Malicious' } } })).json()
    const patched = await app.inject({ method: 'PATCH', url: `/iroh/iroh-int/module-instance/${created.id}`, headers: org.auth, payload: { name: 'Intel 2', enabled: false, settings: { priority: 95 } } })
    t.equal(patched.statusCode, 200)
    t.match(patched.json(), { name: 'Intel 2', enabled: false, settings: { judgements: 'ip:1.2.3.4=Malicious', priority: 95 } })
    const filtered = await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-instance?module_type_id=${INTEL}&enabled=false`, headers: org.auth })
    t.equal(filtered.json().length, 1)
    t.equal((await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-instance/${created.id}`, headers: other.auth })).statusCode, 404)
    t.equal((await app.inject({ method: 'PATCH', url: `/iroh/iroh-int/module-instance/${created.id}`, headers: other.auth, payload: { name: 'x' } })).statusCode, 404)
    t.equal((await app.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-instance/${created.id}`, headers: other.auth })).statusCode, 404)
    t.equal((await app.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-instance/${created.id}`, headers: org.auth })).statusCode, 204)
    const gone = await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-instance/${created.id}`, headers: org.auth })
    t.match([gone.statusCode, gone.json()], [404, { error: 'module_instance_not_found' }], 'IROH\'s own code, as the SDK\'s functional tests expect')
  })

  await t.test('relay module URLs must be on RELAY_URL_ALLOWLIST', async (t) => {
    const org = await orgWithToken(app)
    const ok = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'relay', module_type_id: RELAY, visibility: 'org', settings: { url: 'http://127.0.0.1:9/', 'authorization-header': 'Bearer x' } } })
    t.equal(ok.statusCode, 200)
    for (const url of ['http://203.0.113.7/', 'http://evil.example/', 'file:///etc/passwd', 'not a url']) {
      const res = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'relay', module_type_id: RELAY, visibility: 'org', settings: { url } } })
      t.equal(res.statusCode, 400, url)
    }
  })

  await t.test('bad bodies and unknown types answer 400; writing needs the integration scope', async (t) => {
    const org = await orgWithToken(app)
    for (const payload of [{}, { name: 'x', module_type_id: INTEL }, { name: 'x', module_type_id: INTEL, visibility: 'org', state: 'active' }, { name: 'x', module_type_id: 'nope', visibility: 'org' }]) {
      const res = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
    }
    t.equal((await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-instance?limit=-1', headers: org.auth })).statusCode, 400)
    const reader = await createOrg(app, { scopes: ['integration:read'] })
    const headers = { authorization: `Bearer ${await accessToken(app, reader)}` }
    t.equal((await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-instance', headers })).statusCode, 200)
    const denied = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers, payload: { name: 'x', module_type_id: INTEL, visibility: 'org' } })
    t.equal(denied.statusCode, 403)
    t.same(denied.json()['missing-scopes'], ['integration/module-instance:write'])
  })
})
