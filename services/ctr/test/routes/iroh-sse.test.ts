import { test } from 'tap'
import { accessToken, createOrg, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'

test('iroh-sse devices', async (t) => {
  const n = await buildNeighbourhood(t)
  const { app } = n

  await t.test('lists, reads and deletes the org\'s SSE devices through the paired SSE', async (t) => {
    const org = await orgWithToken(app)
    const other = await createOrg(app)
    const device = n.sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
    const foreign = n.sse.addDevice(other.orgId, { name: 'foreign', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
    const list = await app.inject({ method: 'GET', url: '/iroh/iroh-sse/device', headers: org.auth })
    t.equal(list.statusCode, 200)
    t.same(list.json(), [device])
    t.same((await app.inject({ method: 'GET', url: `/iroh/iroh-sse/device/${device.id}`, headers: org.auth })).json(), device)
    t.equal((await app.inject({ method: 'GET', url: `/iroh/iroh-sse/device/${foreign.id}`, headers: org.auth })).statusCode, 404)
    t.equal((await app.inject({ method: 'DELETE', url: `/iroh/iroh-sse/device/${foreign.id}`, headers: org.auth })).statusCode, 404)
    t.equal((await app.inject({ method: 'DELETE', url: `/iroh/iroh-sse/device/${device.id}`, headers: org.auth })).statusCode, 200)
    t.same((await app.inject({ method: 'GET', url: '/iroh/iroh-sse/device', headers: org.auth })).json(), [])
  })

  await t.test('while Threat Response is disabled in SSE Cloud Services, CTR sees no device', async (t) => {
    const org = await orgWithToken(app)
    const device = n.sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
    n.sse.setThreatResponse(org.orgId, false)
    t.same((await app.inject({ method: 'GET', url: '/iroh/iroh-sse/device', headers: org.auth })).json(), [])
    t.equal((await app.inject({ method: 'GET', url: `/iroh/iroh-sse/device/${device.id}`, headers: org.auth })).statusCode, 404)
    n.sse.setThreatResponse(org.orgId, true)
    t.same((await app.inject({ method: 'GET', url: '/iroh/iroh-sse/device?type=ESA&search=esa03', headers: org.auth })).json(), [device])
    t.same((await app.inject({ method: 'GET', url: '/iroh/iroh-sse/device?search=nomatch', headers: org.auth })).json(), [])
  })

  await t.test('needs the sse scope', async (t) => {
    const org = await createOrg(app, { scopes: ['enrich'] })
    const res = await app.inject({ method: 'GET', url: '/iroh/iroh-sse/device', headers: { authorization: `Bearer ${await accessToken(app, org)}` } })
    t.equal(res.statusCode, 403)
    t.same(res.json()['missing-scopes'], ['sse/device:read'])
  })
})

test('an unreachable SSE answers 502 in the IROH shape', async (t) => {
  const { app } = await buildNeighbourhood(t, { SSE_URL: 'http://127.0.0.1:9' })
  const org = await orgWithToken(app)
  const res = await app.inject({ method: 'GET', url: '/iroh/iroh-sse/device', headers: org.auth })
  t.equal(res.statusCode, 502)
  t.match(res.json(), { error: 'bad_gateway', error_description: /unreachable/ })
})
