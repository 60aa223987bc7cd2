// SSE's part of the control plane: /__mock/reset deletes one org's SSE state (or all of it).
import t from 'tap'
import { buildTestApp, generateTokens, newOrg, registerDevice } from '../helper.ts'

t.test('resetting one org deletes its tokens, devices, settings, events and audit log, and nothing else', async (t) => {
  const sse = await buildTestApp(t)
  const [a, b] = [newOrg(), newOrg()]
  for (const org of [a, b]) {
    await registerDevice(sse, org)
    await generateTokens(sse, org, 2)
    await sse.app.inject({ method: 'PUT', url: '/api/v1/cloud-services/threat-response', headers: sse.admin(org), payload: { enabled: true } })
  }
  const state = async (org: string) => {
    const get = async (url: string) => (await sse.app.inject({ url, headers: sse.admin(org) })).json()
    return {
      tokens: (await get('/api/v1/registration-tokens')).tokens.length,
      devices: (await get('/api/v1/devices')).total,
      threatResponse: (await get('/api/v1/cloud-services')).threatResponse.enabled,
      events: (await get('/api/v1/events')).total,
      audit: (await get('/api/v1/audit-log')).total,
    }
  }
  const before = await state(b)
  t.same(before, { tokens: 3, devices: 1, threatResponse: true, events: 1, audit: 4 })

  t.equal((await sse.app.inject({ method: 'POST', url: '/__mock/reset', payload: { org: a } })).statusCode, 200)
  t.same(await state(a), { tokens: 0, devices: 0, threatResponse: false, events: 0, audit: 0 })
  t.same(await state(b), before, 'the other org is untouched')

  await sse.app.inject({ method: 'POST', url: '/__mock/reset', payload: {} })
  t.same(await state(b), { tokens: 0, devices: 0, threatResponse: false, events: 0, audit: 0 })
})

t.test('SSE has no orgs of its own: they come from CTR tokens', async (t) => {
  const sse = await buildTestApp(t)
  const res = await sse.app.inject({ method: 'POST', url: '/__mock/orgs', payload: {} })
  t.equal(res.statusCode, 501)
})
