import t from 'tap'
import { createTestDatabase, quietPorts } from '@ctrmock/kit/testing'
import { FakeSse, api, buildTestApp, createOrg, readyForToken, until, waitForState } from '../helper.ts'

t.test('a registration against a stopped SSE stays in progress, retries, and completes with one device when SSE is back', async (t) => {
  // SSE is down while its port stays free for its return: one below the range outgoing connections draw from.
  const sse = new FakeSse()
  const [port] = await quietPorts('esa-registration-retry', 1)
  const app = await buildTestApp(t, { env: { SSE_AMERICAS_URL: `http://127.0.0.1:${port}` } })
  const org = await createOrg(app)
  await readyForToken(app, org)
  const token = sse.newToken()
  t.equal((await api(app, org, 'POST', '/config/cloud_service_settings/register', { token })).statusCode, 200)

  const attempts = async () => (await app.esa.store.cloudServiceSettings.get(org.applianceId))?.registrationAttempts ?? 0
  await until(async () => (await attempts()) >= 2)
  t.equal((await api(app, org, 'GET', '/config/cloud_service_settings')).json().data.registrationState, 'INPROGRESS', 'SSE is down: retried, still in progress')

  sse.failWith = 503
  await sse.start(t, port)
  await until(() => sse.registrationCalls >= 2)
  t.equal((await api(app, org, 'GET', '/config/cloud_service_settings')).json().data.registrationState, 'INPROGRESS', 'SSE answers 503: still in progress')
  t.equal(sse.tokens.has(token), true, 'the token was not consumed by the failed attempts')

  sse.failWith = undefined
  await waitForState(app, org, 'REGISTERED')
  t.equal(sse.devices.length, 1, 'exactly one device in SSE')
  t.equal(sse.devices[0]!.request.token, token, 'the same token was presented again')
})

t.test('a registration in progress when the agent stops resumes after a restart; credentials survive restarts', async (t) => {
  const database = await createTestDatabase(t)
  const sse = new FakeSse()
  // Heartbeats run on real timers: a one-second interval lets the last app's own beats be waited for.
  sse.heartbeatIntervalSeconds = 1
  const [port] = await quietPorts('esa-registration-retry', 1)
  const env = { SSE_AMERICAS_URL: `http://127.0.0.1:${port}` }
  const first = await buildTestApp(t, { env, database })
  const org = await createOrg(first)
  await readyForToken(first, org)
  await api(first, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  await first.close()

  await sse.start(t, port)
  const second = await buildTestApp(t, { env, database })
  await second.ready()
  await second.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: org.orgId, advance: '10s' } })
  const registered = await waitForState(second, org, 'REGISTERED')
  t.equal(registered.deviceId, 'dev-1')
  t.equal(sse.devices.length, 1)
  await second.close()

  // The second app's last beat may still be on its way; two more can only come from the third.
  const beatsBefore = sse.devices[0]!.heartbeats
  const third = await buildTestApp(t, { env, database })
  await third.ready()
  await third.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: org.orgId, advance: '10s' } })
  const page = (await api(third, org, 'GET', '/config/cloud_service_settings')).json().data
  t.match(page, { registrationState: 'REGISTERED', deviceId: 'dev-1' }, 'registration and device credentials are persistent')
  await until(() => sse.devices[0]!.heartbeats >= beatsBefore + 2)
  t.pass('the restarted agent beats with the stored device credentials')
})

t.test('deregistering while SSE has not answered cancels the registration', async (t) => {
  const sse = await new FakeSse().start(t)
  const app = await buildTestApp(t, { env: { SSE_AMERICAS_URL: sse.url } })
  const org = await createOrg(app)
  await readyForToken(app, org)
  sse.hold()
  await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  await until(() => sse.registrationCalls === 1)
  const cancel = await api(app, org, 'POST', '/config/cloud_service_settings/deregister')
  t.equal(cancel.json().data.settings.registrationState, 'NOT_REGISTERED')
  sse.release()
  await until(() => sse.devices.length === 1 && sse.devices[0]!.deleted)
  t.equal((await api(app, org, 'GET', '/config/cloud_service_settings')).json().data.registrationState, 'NOT_REGISTERED', 'the late answer is not taken, and SSE is told to drop the device')
})
