import t from 'tap'
import { buildTestApp, deviceAuth, newOrg, registerDevice, T0 } from '../helper.ts'

// One SSE (and database) for this file; each test acts in an org of its own and moves only that org's clock.
const sse = await buildTestApp(t)

t.test('the Devices page lists, searches by name or id, filters by type and pages', async (t) => {
  const org = newOrg()
  const esa03 = await registerDevice(sse, org, { name: 'esa03.mex-amp.inlab' })
  await registerDevice(sse, org, { name: 'esa04.mex-amp.inlab' })
  await registerDevice(sse, org, { name: 'sma01.mex-amp.inlab', type: 'SMA' })
  await registerDevice(sse, newOrg(), { name: 'esa99.other-org' })
  const list = async (query = '') => {
    const res = await sse.app.inject({ url: `/api/v1/devices${query}`, headers: sse.admin(org) })
    t.equal(res.statusCode, 200, query)
    return res.json()
  }
  const all = await list()
  t.match(all, { total: 3, offset: 0, limit: 25 })
  t.same(all.devices.map((d: { name: string }) => d.name), ['esa03.mex-amp.inlab', 'esa04.mex-amp.inlab', 'sma01.mex-amp.inlab'], 'sorted by name; other orgs excluded')
  t.same((await list('?search=ESA0')).devices.map((d: { name: string }) => d.name), ['esa03.mex-amp.inlab', 'esa04.mex-amp.inlab'], 'name search ignores case')
  t.same((await list(`?search=${esa03.deviceId.slice(0, 8)}`)).devices.map((d: { id: string }) => d.id), [esa03.deviceId], 'search by id')
  t.same((await list('?type=SMA')).devices.map((d: { type: string }) => d.type), ['SMA'])
  const page = await list('?offset=1&limit=1')
  t.match(page, { total: 3, offset: 1, limit: 1 })
  t.same(page.devices.map((d: { name: string }) => d.name), ['esa04.mex-amp.inlab'])
  for (const bad of ['?limit=0', '?limit=1001', '?offset=-1', '?type=TOASTER', '?limit=abc', '?unknown=1']) {
    const res = await sse.app.inject({ url: `/api/v1/devices${bad}`, headers: sse.admin(org) })
    t.equal(res.statusCode, 400, bad)
    t.equal(res.json().error, 'invalid_request')
  }
})

t.test('an admin edits a device description; unknown and foreign devices are 404', async (t) => {
  const org = newOrg()
  const reg = await registerDevice(sse, org)
  const patched = await sse.app.inject({ method: 'PATCH', url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(org), payload: { description: 'Lab ESA, Mexico' } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { id: reg.deviceId, description: 'Lab ESA, Mexico', registeredAt: T0 })
  t.equal((await sse.app.inject({ url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(org) })).json().description, 'Lab ESA, Mexico')

  const other = newOrg()
  const foreign = await sse.app.inject({ url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(other) })
  t.same([foreign.statusCode, foreign.json().error], [404, 'device_not_found'])
  t.equal((await sse.app.inject({ method: 'PATCH', url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(other), payload: { description: 'x' } })).statusCode, 404)
  t.equal((await sse.app.inject({ method: 'DELETE', url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(other) })).statusCode, 404)
  t.equal((await sse.app.inject({ method: 'PATCH', url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(org), payload: { description: { text: 'x' } } })).statusCode, 400)
  t.equal((await sse.app.inject({ url: '/api/v1/devices/%E2%9C%93..%2F..', headers: sse.admin(org) })).statusCode, 404)
})

t.test('a deleted device disappears and its credentials are refused at once; the audit log holds each mutation', async (t) => {
  const org = newOrg()
  const reg = await registerDevice(sse, org)
  const admin = sse.adminToken(org, { email: 'brenda@example.com' })
  const headers = { authorization: `Bearer ${admin}` }
  await sse.app.inject({ method: 'PATCH', url: `/api/v1/devices/${reg.deviceId}`, headers, payload: { description: 'to be deleted' } })
  t.equal((await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: deviceAuth(reg, sse.app.clock.now(org)) })).statusCode, 200)
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '5s' } })

  const deleted = await sse.app.inject({ method: 'DELETE', url: `/api/v1/devices/${reg.deviceId}`, headers })
  t.equal(deleted.statusCode, 204)
  t.equal((await sse.app.inject({ url: '/api/v1/devices', headers })).json().total, 0)
  const beat = await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: deviceAuth(reg, sse.app.clock.now(org)) })
  t.same([beat.statusCode, beat.json().error], [401, 'invalid_device_credentials'])
  t.equal((await sse.app.inject({ method: 'DELETE', url: `/api/v1/devices/${reg.deviceId}`, headers })).statusCode, 404)

  const audit = (await sse.app.inject({ url: '/api/v1/audit-log', headers })).json()
  const at5 = '2026-03-02T10:00:05.000Z'
  t.same(audit.entries.map((e: Record<string, unknown>) => [e.actor, e.action, e.outcome, e.at]), [
    ['brenda@example.com', 'devices.delete', 'failure', at5],
    ['brenda@example.com', 'devices.delete', 'success', at5],
    ['brenda@example.com', 'devices.update', 'success', T0],
    ['device:esa03.mex-amp.inlab', 'devices.register', 'success', T0],
    [`user:user-${org}`, 'registration-tokens.generate', 'success', T0],
  ])
  t.equal(audit.entries[0].reason, `Device ${reg.deviceId} was not found`)
  t.equal(audit.total, 5)
  const paged = (await sse.app.inject({ url: '/api/v1/audit-log?limit=2&offset=1', headers })).json()
  t.same(paged.entries.map((e: { action: string }) => e.action), ['devices.delete', 'devices.update'])
})
