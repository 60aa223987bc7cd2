// iroh-sse operations Cisco's SDK makes besides listing: a device's description, its API through SSE's device
// proxy, and a registration token for the tenant.
import { test } from 'tap'
import { accessToken, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'

test('iroh-sse device and tenant operations go through the paired SSE', async (t) => {
  const n = await buildNeighbourhood(t)
  const org = await orgWithToken(n.app)
  const other = await orgWithToken(n.app)
  const device = n.sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, who = org) => n.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) })

  const patched = await call('PATCH', `/iroh/iroh-sse/device/${device.id}`, { description: 'Lab ESA' })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { id: device.id, description: 'Lab ESA' })
  t.equal((await call('GET', `/iroh/iroh-sse/device/${device.id}`)).json().description, 'Lab ESA')
  t.equal((await call('PATCH', `/iroh/iroh-sse/device/${device.id}`, { description: 'x' }, other)).statusCode, 404, 'another org\'s device is unknown')
  t.equal((await call('PATCH', `/iroh/iroh-sse/device/${device.id}`, { name: 'renamed' })).statusCode, 400, 'SSE lets only the description change')

  const proxied = await call('POST', `/iroh/iroh-sse/device/${device.id}/api-proxy`, { method: 'POST', path: '/messages/search', body: { observables: [{ type: 'email_subject', value: 'x' }], startTime: '2026-02-01T00:00:00.000Z', endTime: '2026-03-02T10:00:00.000Z' } })
  t.equal(proxied.statusCode, 200, proxied.body)
  t.match(proxied.json(), { status: 200 })
  t.match(n.sse.proxied.at(-1), { orgId: org.orgId, deviceId: device.id, request: { method: 'POST', path: '/messages/search' } })
  n.sse.setThreatResponse(org.orgId, false)
  t.equal((await call('POST', `/iroh/iroh-sse/device/${device.id}/api-proxy`, { method: 'GET', path: '/' })).statusCode, 404, 'not offered to Threat Response while disabled in SSE')
  n.sse.setThreatResponse(org.orgId, true)

  const reToken = await call('POST', `/iroh/iroh-sse/device/${device.id}/token`, {})
  t.match(reToken.json(), { token: /^[0-9a-f]{32}$/, expires_at: String })
  t.equal((await call('POST', '/iroh/iroh-sse/device/unknown/token', {})).statusCode, 404)
  const token = await call('GET', '/iroh/iroh-sse/tenant/token?expiration=2h')
  t.equal(token.statusCode, 200)
  t.match(token.json(), { token: /^[0-9a-f]{32}$/, expires_at: String })
  t.match(n.sse.issuedTokens.at(-1), { orgId: org.orgId, token: token.json().token, expiration: '2h' })
  t.equal((await call('GET', '/iroh/iroh-sse/tenant/token?expiration=9y')).statusCode, 400)
  const again = await call('GET', '/iroh/iroh-sse/tenant/token')
  t.ok([reToken.json().token, token.json().token].includes(again.json().token), 'an unused, valid token is handed out again')
  t.equal(n.sse.issuedTokens.filter((i) => i.orgId === org.orgId).length, 2, 'and none generated for it')
  await n.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '2h' } })
  const later = { ...org, auth: { authorization: `Bearer ${await accessToken(n.app, org)}` } }
  const fresh = await call('GET', '/iroh/iroh-sse/tenant/token', undefined, later)
  t.equal(fresh.statusCode, 200)
  t.notOk([reToken.json().token, token.json().token].includes(fresh.json().token), 'an expired one is not')
})
