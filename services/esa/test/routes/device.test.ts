import t from 'tap'
import type { EsaOrg } from '@ctrmock/types'
import { FakeSse, api, buildTestApp, createOrg, readyForToken, sseProxyAuth, T0, waitForState } from '../helper.ts'
import type { EsaApp } from '../../src/app.ts'

const SHA = 'b'.repeat(64)
const sse = await new FakeSse().start(t)
const app = await buildTestApp(t, { env: { SSE_AMERICAS_URL: sse.url } })

async function registered() {
  const org = await createOrg(app)
  await readyForToken(app, org)
  await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  await waitForState(app, org, 'REGISTERED')
  await app.inject({
    method: 'POST', url: '/__mock/messages',
    payload: {
      applianceId: org.applianceId,
      messages: [
        { sender: 'mgmt01@cisco.com', recipients: ['testingBren@cisco.com'], subject: 'test test', senderIp: '10.1.1.1', timestamp: '2026-03-02T09:00:00.000Z', messageId: '<123-abc-456@cisco.com>' },
        { sender: 'noreply@evil.example', from: 'Billing <billing@evil.example>', recipients: ['victim@example.org'], subject: 'Invoice Due', senderIp: '4.2.2.2', timestamp: '2026-03-02T09:30:00.000Z', attachments: [{ fileName: 'invoice.pdf', sha256: SHA, size: 10 }] },
        { sender: 'old@cisco.com', recipients: ['x@cisco.com'], subject: 'test test', timestamp: '2026-01-01T00:00:00.000Z' },
      ],
    },
  })
  const device = sse.deviceOf(org)!
  return { org, device }
}

const search = (app: EsaApp, org: EsaOrg, headers: Record<string, string>, body: Record<string, unknown>) => app.inject({
  method: 'POST', url: `/sse/v1/appliances/${org.applianceId}/messages/search`, headers,
  payload: { startTime: '2026-03-01T00:00:00.000Z', endTime: '2026-03-03T00:00:00.000Z', ...body },
})

t.test('SSE\'s proxy, signing with the device secret, finds tracked messages by each observable type', async (t) => {
  const { org, device } = await registered()
  // The appliance's own clock was moved 10 minutes on (past the busy phase); SSE signs by its time, as the service does.
  const auth = sseProxyAuth(device.deviceId, device.deviceSecret, new Date(T0))
  const mids = async (type: string, value: string) => {
    const res = await search(app, org, auth, { observables: [{ type, value }] })
    t.equal(res.statusCode, 200, res.body)
    return res.json().messages.map((m: { mid: number }) => m.mid)
  }
  t.same(await mids('email_subject', 'TEST TEST'), [1], 'subject: exact, case-insensitive, inside the window')
  t.same(await mids('email_subject', 'test'), [])
  t.same(await mids('cisco_mid', '2'), [2])
  t.same(await mids('email', 'testingbren@cisco.com'), [1], 'email matches a recipient')
  t.same(await mids('email', 'billing@evil.example'), [2], 'email matches the From address')
  t.same(await mids('email', 'noreply@evil.example'), [2], 'email matches the sender')
  t.same(await mids('email_messageid', '123-abc-456@cisco.com'), [1])
  t.same(await mids('ip', '4.2.2.2'), [2])
  t.same(await mids('domain', 'cisco.com'), [1])
  t.same(await mids('sha256', SHA), [2])
  t.same(await mids('file_name', 'INVOICE.pdf'), [2])
  t.same(await mids('url', 'http://x'), [], 'types the appliance does not track match nothing')
  t.same(await mids('cisco_mid', '99999999999'), [], 'a MID beyond 32 bits names no message')

  const both = await search(app, org, auth, { observables: [{ type: 'ip', value: '4.2.2.2' }, { type: 'email_subject', value: 'test test' }], limit: 5 })
  const messages = both.json().messages
  t.same(messages.map((m: { mid: number }) => m.mid), [2, 1], 'any observable matches; newest first')
  t.match(messages[1], {
    mid: 1, hostname: 'esa03.mex-amp.inlab', serialNumber: org.serialNumber, direction: 'incoming', senderIp: '10.1.1.1',
    sender: 'mgmt01@cisco.com', recipients: ['testingBren@cisco.com'], subject: 'test test', messageId: '123-abc-456@cisco.com',
    deliveryStatus: 'Delivered', lastState: 'Message 1 to testingBren@cisco.com received remote', timestamp: '2026-03-02T09:00:00.000Z',
  })
  const limited = await search(app, org, auth, { observables: [{ type: 'ip', value: '4.2.2.2' }, { type: 'email_subject', value: 'test test' }], limit: 1 })
  t.equal(limited.json().messages.length, 1)
})

t.test('only SSE with this device\'s credentials gets in', async (t) => {
  const { org, device } = await registered()
  const body = { observables: [{ type: 'email_subject', value: 'test test' }] }
  const now = new Date(T0)
  const refused = async (headers: Record<string, string>, why: string) => {
    const res = await search(app, org, headers, body)
    t.equal(res.statusCode, 401, why)
    t.match(res.json(), { error: { code: '401' } })
  }
  await refused({}, 'no credentials')
  await refused(sseProxyAuth(device.deviceId, 'another-secret', now), 'wrong secret')
  await refused(sseProxyAuth(device.deviceId, device.deviceSecret, now, { aud: 'sse' }), 'wrong audience')
  await refused(sseProxyAuth('dev-99', device.deviceSecret, now), 'another device id')
  await refused(sseProxyAuth(device.deviceId, device.deviceSecret, new Date(Date.parse(T0) - 3_600_000)), 'expired')
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 'sse', sub: device.deviceId, aud: 'device' })).toString('base64url')}.`
  await refused({ authorization: `Bearer ${none}` }, 'alg none')
  const other = await createOrg(app)
  const res = await app.inject({
    method: 'POST', url: `/sse/v1/appliances/${other.applianceId}/messages/search`,
    headers: sseProxyAuth(device.deviceId, device.deviceSecret, now), payload: { startTime: T0, endTime: T0, ...body },
  })
  t.equal(res.statusCode, 401, 'an unregistered appliance answers no one')
  const unknown = await app.inject({ method: 'POST', url: '/sse/v1/appliances/nope/messages/search', payload: { startTime: T0, endTime: T0, ...body } })
  t.equal(unknown.statusCode, 404)
  const nul = await app.inject({ method: 'POST', url: '/sse/v1/appliances/%00/messages/search', payload: { startTime: T0, endTime: T0, ...body } })
  t.equal(nul.statusCode, 400)
  const kitRoute = await app.inject({ method: 'DELETE', url: '/__mock/faults/%00' })
  t.ok(kitRoute.statusCode < 500, 'the guard covers the control plane too')
  const bad = await search(app, org, sseProxyAuth(device.deviceId, device.deviceSecret, now), { observables: [{ type: 'not_a_type', value: 'x' }] })
  t.equal(bad.statusCode, 400)
  const ancient = await search(app, org, sseProxyAuth(device.deviceId, device.deviceSecret, now), { ...body, startTime: '0000-01-01T00:00:00Z' })
  t.equal(ancient.statusCode, 400)
})
