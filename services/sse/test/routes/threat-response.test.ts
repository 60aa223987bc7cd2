import t from 'tap'
import { verifyHs256 } from '@ctrmock/kit'
import { buildTestApp, newOrg, registerDevice, startServer, type TestSse } from '../helper.ts'

// One SSE (and database) for this file; each test acts in an org of its own.
const sse = await buildTestApp(t, { env: { DEVICE_PROXY_TIMEOUT_MS: '1000' } })

async function enable(sse: TestSse, org: string, enabled = true) {
  return sse.app.inject({ method: 'PUT', url: '/api/v1/cloud-services/threat-response', headers: sse.admin(org), payload: { enabled } })
}

t.test('Cisco Threat Response is disabled by default and toggled per org', async (t) => {
  const org = newOrg()
  t.same((await sse.app.inject({ url: '/api/v1/cloud-services', headers: sse.admin(org) })).json(), { threatResponse: { enabled: false } })
  const on = await enable(sse, org)
  t.same([on.statusCode, on.json()], [200, { threatResponse: { enabled: true } }])
  t.same((await sse.app.inject({ url: '/api/v1/cloud-services', headers: sse.admin(org) })).json(), { threatResponse: { enabled: true } })
  t.same((await sse.app.inject({ url: '/api/v1/cloud-services', headers: sse.admin(newOrg()) })).json(), { threatResponse: { enabled: false } }, 'other orgs unaffected')
  t.equal((await sse.app.inject({ method: 'PUT', url: '/api/v1/cloud-services/threat-response', headers: sse.admin(org), payload: { enabled: 'yes' } })).statusCode, 400)
  const audit = (await sse.app.inject({ url: '/api/v1/audit-log', headers: sse.admin(org) })).json()
  t.same(audit.entries.map((e: { action: string }) => e.action), ['cloud-services.threat-response.enable'])
})

t.test('CTR sees no devices while Threat Response is disabled, and the registered ones once enabled', async (t) => {
  const org = newOrg()
  const reg = await registerDevice(sse, org)
  const ctr = { authorization: `Bearer ${sse.adminToken(org, { clientId: 'ctr-service' })}` }
  t.same((await sse.app.inject({ url: '/api/v1/threat-response/devices', headers: ctr })).json(), { devices: [] })
  await enable(sse, org)
  const listed = (await sse.app.inject({ url: '/api/v1/threat-response/devices', headers: ctr })).json()
  t.same(listed.devices.map((d: { id: string; name: string }) => [d.id, d.name]), [[reg.deviceId, 'esa03.mex-amp.inlab']])
  t.same((await sse.app.inject({ url: '/api/v1/threat-response/devices', headers: sse.admin(newOrg()) })).json(), { devices: [] }, "another org never sees this org's devices")
  await enable(sse, org, false)
  t.same((await sse.app.inject({ url: '/api/v1/threat-response/devices', headers: ctr })).json(), { devices: [] })
})

t.test('the device proxy forwards a signed call to the device and returns its answer, whatever its status', async (t) => {
  const org = newOrg()
  const seen: Array<{ method?: string; url?: string; claims: Record<string, unknown>; body: string }> = []
  let secret = ''
  const device = await startServer(t, (req, res) => {
    let body = ''
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      const token = String(req.headers.authorization).replace(/^Bearer /, '')
      const claims = verifyHs256(token, secret, sse.app.clock.now(org), { audience: 'device' })
      seen.push({ method: req.method, url: req.url, claims, body })
      if (req.url?.includes('missing')) res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such thing"}')
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ mid: 8, subject: 'test test' }] }))
    })
  })
  const reg = await registerDevice(sse, org, { callbackUrl: `${device.url}/sse/v1/appliances/a1` })
  secret = reg.deviceSecret
  const ctr = { authorization: `Bearer ${sse.adminToken(org, { clientId: 'ctr-service' })}` }
  const url = `/api/v1/devices/${reg.deviceId}/proxy`
  const payload = { method: 'POST', path: '/messages/search', query: { limit: '10' }, body: { observables: [{ type: 'email_subject', value: 'test test' }] } }

  const disabled = await sse.app.inject({ method: 'POST', url, headers: ctr, payload })
  t.same([disabled.statusCode, disabled.json().error], [403, 'threat_response_disabled'])
  await enable(sse, org)

  const res = await sse.app.inject({ method: 'POST', url, headers: ctr, payload })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 200, body: { data: [{ mid: 8, subject: 'test test' }] } })
  const call = seen[0]!
  t.equal(call.method, 'POST')
  t.equal(call.url, '/sse/v1/appliances/a1/messages/search?limit=10')
  t.same(JSON.parse(call.body), payload.body)
  const iat = Math.floor(sse.app.clock.now(org).getTime() / 1000)
  t.match(call.claims, { iss: 'sse', sub: reg.deviceId, aud: 'device', exp: iat + 60 })

  const notFound = await sse.app.inject({ method: 'POST', url, headers: ctr, payload: { method: 'GET', path: '/missing' } })
  t.same([notFound.statusCode, notFound.json()], [200, { status: 404, body: { error: 'no such thing' } }], "the device's own error is passed through")

  for (const path of ['/../../admin', '/a/%2e%2E/b', 'relative', '//evil.example/x', '/a?b=c']) {
    const bad = await sse.app.inject({ method: 'POST', url, headers: ctr, payload: { method: 'GET', path } })
    t.equal(bad.statusCode, 400, path)
  }
  const foreign = await sse.app.inject({ method: 'POST', url, headers: sse.admin(newOrg()), payload })
  t.equal(foreign.statusCode, 403, 'another org (Threat Response off there) cannot use it')
  const otherOrg = newOrg()
  await enable(sse, otherOrg)
  const hidden = await sse.app.inject({ method: 'POST', url, headers: sse.admin(otherOrg), payload })
  t.same([hidden.statusCode, hidden.json().error], [404, 'device_not_found'])
  t.equal(seen.length, 2, 'refused calls never reach the device')
})

t.test('a stopped device gives 502 device_unreachable, a silent one 504 device_timeout, both recorded as events', async (t) => {
  const org = newOrg()
  await enable(sse, org)
  const silent = await startServer(t, () => { /* never answers */ })
  const stopped = await startServer(t, (_req, res) => res.end())
  await new Promise<void>((resolve) => stopped.server.close(() => resolve()))
  const gone = await registerDevice(sse, org, { name: 'gone', callbackUrl: `${stopped.url}/sse/v1/appliances/a` })
  const mute = await registerDevice(sse, org, { name: 'mute', callbackUrl: `${silent.url}/sse/v1/appliances/b` })
  const payload = { method: 'POST', path: '/messages/search', body: {} }

  const unreachable = await sse.app.inject({ method: 'POST', url: `/api/v1/devices/${gone.deviceId}/proxy`, headers: sse.admin(org), payload })
  t.equal(unreachable.statusCode, 502)
  t.match(unreachable.json(), { error: 'device_unreachable', error_description: String })
  const timeout = await sse.app.inject({ method: 'POST', url: `/api/v1/devices/${mute.deviceId}/proxy`, headers: sse.admin(org), payload })
  t.equal(timeout.statusCode, 504)
  t.match(timeout.json(), { error: 'device_timeout', error_description: /1000 ms/ })

  const events = (await sse.app.inject({ url: '/api/v1/events?type=device_unreachable', headers: sse.admin(org) })).json()
  t.same(events.events.map((e: { deviceId: string; severity: string }) => [e.deviceId, e.severity]), [[gone.deviceId, 'error']])
  const timeouts = (await sse.app.inject({ url: '/api/v1/events?type=device_timeout', headers: sse.admin(org) })).json()
  t.same(timeouts.events.map((e: { deviceId: string }) => e.deviceId), [mute.deviceId])

  await sse.app.inject({ method: 'DELETE', url: `/api/v1/devices/${gone.deviceId}`, headers: sse.admin(org) })
  const deregistered = await sse.app.inject({ method: 'POST', url: `/api/v1/devices/${gone.deviceId}/proxy`, headers: sse.admin(org), payload })
  t.same([deregistered.statusCode, deregistered.json().error], [404, 'device_not_found'])
})
