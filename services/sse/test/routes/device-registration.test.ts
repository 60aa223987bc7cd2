import t from 'tap'
import { signHs256 } from '@ctrmock/kit'
import { REGISTRATION_FAILED_MESSAGE } from '@ctrmock/types'
import { buildTestApp, deviceAuth, facts, generateTokens, newOrg, registerDevice, T0 } from '../helper.ts'

// One SSE (and database) for this file; each test acts in an org of its own and moves only that org's clock.
const sse = await buildTestApp(t, { env: { HEARTBEAT_INTERVAL_SECONDS: '30' } })
const failed = { error: 'invalid_token', error_description: REGISTRATION_FAILED_MESSAGE }

t.test('a device registers with a token and gets its id, secret and heartbeat interval', async (t) => {
  const org = newOrg()
  const [token] = await generateTokens(sse, org)
  const res = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token, device: facts() } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body, { deviceId: String, deviceSecret: String, region: 'AMERICAS', registeredAt: T0, heartbeatIntervalSeconds: 30 })
  const device = (await sse.app.inject({ url: `/api/v1/devices/${body.deviceId}`, headers: sse.admin(org) })).json()
  t.match(device, { id: body.deviceId, name: 'esa03.mex-amp.inlab', type: 'ESA', version: '13.0.0-392', status: 'registered', description: '', lastSeenAt: null })
})

t.test('every bad token gets the same message; the journal and audit log keep the real reason', async (t) => {
  const org = newOrg()
  const [used, revoked, expired] = await generateTokens(sse, org, 3, '1h')
  await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token: used, device: facts() } })
  await sse.app.inject({ method: 'DELETE', url: `/api/v1/registration-tokens/${revoked}`, headers: sse.admin(org) })
  const [fresh] = await generateTokens(sse, org, 1, '2h')
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '90m' } })

  const cases: Array<[string, string]> = [
    ['0123456789abcdef0123456789abcdef', 'unknown token'],
    [used!, 'used token'],
    [revoked!, 'revoked token'],
    [expired!, 'expired token'],
  ]
  for (const [token, reason] of cases) {
    const res = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token, device: facts() } })
    t.equal(res.statusCode, 401, reason)
    t.same(res.json(), failed, `the device is not told: ${reason}`)
    const journal = (await sse.app.inject('/__mock/journal?path=/device/v1/registrations&status=401')).json()
    t.equal(journal.entries.at(-1).note, reason, `the journal says ${reason}`)
  }
  const audit = (await sse.app.inject({ url: '/api/v1/audit-log?action=devices.register', headers: sse.admin(org) })).json()
  t.same(
    audit.entries.filter((e: { outcome: string }) => e.outcome === 'failure').map((e: { reason: string }) => e.reason),
    ['expired token', 'revoked token', 'used token'],
    "the org's audit log holds the reasons for its own tokens",
  )
  t.equal((await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token: fresh, device: facts() } })).statusCode, 201)
})

t.test('a token expires exactly at its expiry by the control-plane clock', async (t) => {
  const org = newOrg()
  const [early, late] = await generateTokens(sse, org, 2, '1h')
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '3599s' } })
  const before = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token: early, device: facts() } })
  t.equal(before.statusCode, 201, 'one second before expiry: works')
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '2s' } })
  const after = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token: late, device: facts() } })
  t.same([after.statusCode, after.json()], [401, failed], 'one second after expiry: fails')
})

t.test("an org's own clock decides its tokens' expiry, whatever the service clock shows", async (t) => {
  const org = newOrg()
  const [token] = await generateTokens(sse, org, 1, '1h')
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '2h' } })
  t.equal(sse.app.clock.now().toISOString(), T0, 'the service clock did not move')
  const res = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token, device: facts() } })
  t.equal(res.statusCode, 401)
  const journal = (await sse.app.inject(`/__mock/journal?org=${org}&status=401`)).json()
  t.equal(journal.entries.at(-1).note, 'expired token')
})

t.test('registration input is validated before any token is consumed', async (t) => {
  const org = newOrg()
  const [token] = await generateTokens(sse, org)
  const bad = [
    { token },
    { token, device: { ...facts(), type: 'TOASTER' } },
    { token, device: { ...facts(), name: '' } },
    { token, device: { ...facts(), callbackUrl: 'ftp://device/x' } },
    { token, device: { ...facts(), callbackUrl: 'not a url' } },
    { token: { value: 'x' }, device: facts() },
  ]
  for (const payload of bad) {
    const res = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.equal(res.json().error, 'invalid_request')
  }
  t.equal((await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token, device: facts() } })).statusCode, 201)
})

t.test('heartbeats move a device from registered to connected, and silence to disconnected', async (t) => {
  const org = newOrg()
  const reg = await registerDevice(sse, org)
  const status = async () => (await sse.app.inject({ url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(org) })).json()
  t.equal((await status()).status, 'registered')
  t.equal(reg.heartbeatIntervalSeconds, 30)

  const beat = await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: deviceAuth(reg, sse.app.clock.now(org)), payload: {} })
  t.equal(beat.statusCode, 200)
  t.same(beat.json(), { status: 'connected', serverTime: T0 })
  t.match(await status(), { status: 'connected', lastSeenAt: T0 })

  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '90s' } })
  t.equal((await status()).status, 'connected', 'three intervals after the last heartbeat: still connected')
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '1s' } })
  t.equal((await status()).status, 'disconnected', 'past three intervals: disconnected')

  const again = await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: deviceAuth(reg, sse.app.clock.now(org)) })
  t.equal(again.json().status, 'connected', 'a heartbeat without a body reconnects it')
})

t.test('device calls need valid device credentials', async (t) => {
  const org = newOrg()
  const reg = await registerDevice(sse, org)
  const now = () => sse.app.clock.now(org)
  const iat = Math.floor(now().getTime() / 1000)
  const tokens = {
    none: undefined,
    wrongSecret: `Bearer ${signHs256('not-the-secret', { iss: reg.deviceId, sub: reg.deviceId, aud: 'sse', iat, exp: iat + 300 })}`,
    wrongAudience: `Bearer ${signHs256(reg.deviceSecret, { iss: reg.deviceId, sub: reg.deviceId, aud: 'device', iat, exp: iat + 300 })}`,
    noExpiry: `Bearer ${signHs256(reg.deviceSecret, { iss: reg.deviceId, sub: reg.deviceId, aud: 'sse', iat })}`,
    unknownDevice: `Bearer ${signHs256(reg.deviceSecret, { iss: 'x', sub: 'x', aud: 'sse', iat, exp: iat + 300 })}`,
    algNone: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: reg.deviceId, sub: reg.deviceId, aud: 'sse', iat, exp: iat + 300 })).toString('base64url')}.`,
    garbage: 'Bearer ....',
    nulDevice: `Bearer ${signHs256(reg.deviceSecret, { iss: '\u0000', sub: '\u0000', aud: 'sse', iat, exp: iat + 300 })}`,
  }
  for (const [name, authorization] of Object.entries(tokens)) {
    const res = await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: authorization ? { authorization } : {} })
    t.equal(res.statusCode, 401, name)
    t.equal(res.json().error, 'invalid_device_credentials', name)
  }
  const expiring = deviceAuth(reg, now())
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '10m' } })
  t.equal((await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: expiring })).statusCode, 401, 'an expired device token is refused')
  t.equal((await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: deviceAuth(reg, now()) })).statusCode, 200)
  const badBody = await sse.app.inject({ method: 'POST', url: '/device/v1/events', payload: { type: 1 } })
  t.equal(badBody.statusCode, 401, 'credentials are checked before the body')
})

t.test('devices post events, which the portal lists newest first', async (t) => {
  const org = newOrg()
  const reg = await registerDevice(sse, org)
  const post = await sse.app.inject({ method: 'POST', url: '/device/v1/events', headers: deviceAuth(reg, sse.app.clock.now(org)), payload: { type: 'config_changed', message: 'Cloud Services settings committed', severity: 'warning' } })
  t.equal(post.statusCode, 201)
  t.match(post.json(), { deviceId: reg.deviceId, source: 'device', type: 'config_changed', severity: 'warning', createdAt: T0 })
  const bad = await sse.app.inject({ method: 'POST', url: '/device/v1/events', headers: deviceAuth(reg, sse.app.clock.now(org)), payload: { type: 'x' } })
  t.equal(bad.statusCode, 400)

  const events = (await sse.app.inject({ url: '/api/v1/events', headers: sse.admin(org) })).json()
  t.equal(events.total, 2)
  t.same(events.events.map((e: { type: string; source: string }) => [e.type, e.source]), [['config_changed', 'device'], ['device_registered', 'sse']])
  const filtered = (await sse.app.inject({ url: `/api/v1/events?deviceId=${reg.deviceId}&type=config_changed`, headers: sse.admin(org) })).json()
  t.equal(filtered.total, 1)
  t.same((await sse.app.inject({ url: '/api/v1/events', headers: sse.admin(newOrg()) })).json(), { total: 0, events: [] }, 'other orgs see none')
})

t.test('a device that deregisters is gone and its credentials stop working', async (t) => {
  const org = newOrg()
  const reg = await registerDevice(sse, org)
  const res = await sse.app.inject({ method: 'DELETE', url: '/device/v1/registration', headers: deviceAuth(reg, sse.app.clock.now(org)) })
  t.equal(res.statusCode, 204)
  t.equal((await sse.app.inject({ url: `/api/v1/devices/${reg.deviceId}`, headers: sse.admin(org) })).statusCode, 404)
  const beat = await sse.app.inject({ method: 'POST', url: '/device/v1/heartbeat', headers: deviceAuth(reg, sse.app.clock.now(org)) })
  t.same([beat.statusCode, beat.json().error], [401, 'invalid_device_credentials'])
  const audit = (await sse.app.inject({ url: '/api/v1/audit-log', headers: sse.admin(org) })).json()
  t.same(audit.entries[0], { id: audit.entries[0].id, at: T0, actor: `device:${reg.deviceId}`, action: 'devices.deregister', target: `device:${reg.deviceId}`, outcome: 'success' })
})
