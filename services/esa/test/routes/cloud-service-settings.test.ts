import t from 'tap'
import { CLOUD_SERVICE_TEXTS as TEXT, REGISTRATION_FAILED_MESSAGE } from '@ctrmock/types'
import { AMERICAS, EUROPE, FakeSse, api, buildTestApp, createOrg, readyForToken, until, waitForState } from '../helper.ts'

// One agent and one stand-in SSE for the file; each test works on its own appliance (org).
const sse = await new FakeSse().start(t)
const app = await buildTestApp(t, { env: { SSE_AMERICAS_URL: sse.url, CLOUD_BUSY_SECONDS: '5' } })

t.test('the tech note flow: Disabled → edit → commit → busy → token prompt → register → in progress → registered → deregister', async (t) => {
  const org = await createOrg(app)
  const page = async () => (await api(app, org, 'GET', '/config/cloud_service_settings')).json().data

  t.match(await page(), {
    threatResponse: 'Disabled', threatResponseServer: 'No Server is set.', registrationState: 'DISABLED',
    status: 'Enable the Cloud Services on your appliance to use the Cisco Threat Response portal.',
    registrationTokenField: false, deregisterOffered: false, uncommittedChanges: false,
  }, 'step 1: Threat Response is disabled and no server is set')

  const edit = await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true })
  t.equal(edit.statusCode, 200)
  t.equal(edit.json().data.message, 'You have uncommitted changes. These changes will not go into effect until you commit them.')
  t.match(await page(), {
    threatResponse: 'Disabled', registrationState: 'DISABLED', uncommittedChanges: true,
    pending: { threatResponse: 'Enabled', threatResponseServer: AMERICAS },
  }, 'steps 2-3: the edit is pending, AMERICAS by default, nothing takes effect before commit')

  const early = await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  t.equal(early.statusCode, 400, 'the ESA does not take a token before the changes are committed')
  t.match(early.json(), { error: { code: '400', message: /commit your changes/ } })

  const commit = await api(app, org, 'POST', '/config/commit', { comment: 'Enabling CTR' })
  t.equal(commit.json().data.message, 'Success - Your changes have been committed.')
  t.match(await page(), {
    threatResponse: 'Enabled', threatResponseServer: AMERICAS, registrationState: 'BUSY', uncommittedChanges: false,
    status: 'The Cisco Cloud Service is busy. Navigate back to this page after some time to check the appliance status.',
    registrationTokenField: false,
  }, 'step 4: right after commit the cloud service is busy')
  t.notOk((await page()).pending)

  const busy = await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  t.equal(busy.statusCode, 409, 'a token is refused while the service is busy')
  t.equal(busy.json().error.message, TEXT.busy)

  await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: org.orgId, advance: '4s' } })
  t.equal((await page()).registrationState, 'BUSY', 'still busy one second before the busy time ends')
  await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: org.orgId, advance: '1s' } })
  t.match(await page(), { registrationState: 'NOT_REGISTERED', status: null, registrationTokenField: true }, 'then the page asks for a registration token')

  sse.hold()
  const token = sse.newToken()
  const register = await api(app, org, 'POST', '/config/cloud_service_settings/register', { token })
  t.equal(register.statusCode, 200)
  t.equal(register.json().data.message, 'Success — A request to register your appliance with the Cisco Threat Response portal is initiated. Navigate back to this page after some time to check the appliance status.')
  await until(() => sse.callsByToken.get(token) === 1)
  t.match(await page(), {
    registrationState: 'INPROGRESS', registrationTokenField: false,
    status: 'The appliance registration is in progress. Navigate back to this page after some time to check the appliance status.',
  }, 'step 6: the registration is in progress while SSE has not answered')
  sse.release()

  const registered = await waitForState(app, org, 'REGISTERED')
  const device = sse.deviceOf(org)!
  t.match(registered, { deregisterOffered: true, deviceId: device.deviceId, status: TEXT.registered })
  t.match(device.request.device, {
    name: 'esa03.mex-amp.inlab', type: 'ESA', version: '13.0.0-392', serialNumber: org.serialNumber, ip: '127.0.0.1',
    callbackUrl: new RegExp(`/sse/v1/appliances/${org.applianceId}$`),
  }, 'the appliance presented its facts and callback URL to SSE')
  await until(() => device.heartbeats > 0)
  await until(async () => (await page()).lastHeartbeatAt !== undefined)

  const deregister = await api(app, org, 'POST', '/config/cloud_service_settings/deregister')
  t.equal(deregister.statusCode, 200)
  t.match(deregister.json().data.settings, { registrationState: 'NOT_REGISTERED', registrationTokenField: true, deregisterOffered: false })
  await until(() => device.deleted)
  t.pass('deregistering told SSE, which dropped the device')
})

t.test('an invalid or expired token fails the registration with the GUI text, and a new token can be tried', async (t) => {
  const org = await createOrg(app)
  await readyForToken(app, org)
  await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: 'not-a-token-sse-knows' })
  const failed = await waitForState(app, org, 'FAILED')
  t.equal(failed.status, REGISTRATION_FAILED_MESSAGE)
  t.equal(failed.status, 'The registration failed because of an invalid or expired token')
  t.ok(failed.registrationTokenField, 'the token field is offered again')
  await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  await waitForState(app, org, 'REGISTERED')
  t.equal(sse.devices.filter((d) => d.request.device.serialNumber === org.serialNumber).length, 1, 'one device')
})

t.test('abandoning drops the pending edit; an edit back to the committed values leaves nothing to commit', async (t) => {
  const org = await createOrg(app)
  await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true, server: EUROPE })
  const abandoned = await api(app, org, 'POST', '/config/abandon')
  t.equal(abandoned.json().data.message, 'Success - All changes have been abandoned.')
  t.match(abandoned.json().data.settings, { threatResponse: 'Disabled', uncommittedChanges: false })
  const nothing = await api(app, org, 'POST', '/config/commit')
  t.equal(nothing.json().data.message, 'There are no changes to commit.')
  await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true, server: EUROPE })
  await api(app, org, 'POST', '/config/commit', {})
  const page = (await api(app, org, 'GET', '/config/cloud_service_settings')).json().data
  t.equal(page.threatResponseServer, EUROPE, 'the EUROPE server is committed')
  const same = await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true, server: EUROPE })
  t.equal(same.json().data.settings.uncommittedChanges, false)
})

t.test('disabling Threat Response and committing deregisters the appliance', async (t) => {
  const org = await createOrg(app)
  await readyForToken(app, org)
  await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  await waitForState(app, org, 'REGISTERED')
  await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: false })
  t.equal((await api(app, org, 'GET', '/config/cloud_service_settings')).json().data.registrationState, 'REGISTERED', 'not before commit')
  const commit = await api(app, org, 'POST', '/config/commit')
  t.match(commit.json().data.settings, { threatResponse: 'Disabled', threatResponseServer: 'No Server is set.', registrationState: 'DISABLED' })
  await until(() => sse.deviceOf(org)!.deleted)
})

t.test('changing the server of a registered appliance asks for a deregistration first', async (t) => {
  const org = await createOrg(app)
  await readyForToken(app, org)
  await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  await waitForState(app, org, 'REGISTERED')
  const res = await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true, server: EUROPE })
  t.equal(res.statusCode, 409)
  t.match(res.json().error.message, /Deregister the appliance/)
  const again = await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: sse.newToken() })
  t.equal(again.statusCode, 409, 'a registered appliance does not register twice')
})

t.test('AsyncOS older than 13.0 cannot enable Threat Response', async (t) => {
  const org = await createOrg(app, { asyncosVersion: '12.5.0-066' })
  const res = await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { error: { code: '400', message: /AsyncOS 13\.0 or later.*12\.5\.0-066/, explanation: '400 = Bad request syntax or unsupported method.' } })
  const newer = await createOrg(app, { asyncosVersion: '13.5.1-177' })
  t.equal((await api(app, newer, 'PUT', '/config/cloud_service_settings', { enabled: true })).statusCode, 200)
})

t.test('a server without a configured SSE URL is not offered; registering while disabled is refused', async (t) => {
  const org = await createOrg(app)
  const apjc = await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true, server: 'APJC (api.apj.sse.itd.cisco.com)' })
  t.equal(apjc.statusCode, 400)
  t.match(apjc.json().error.message, /not available on this appliance/)
  const bad = await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true, server: 'MARS (api.mars.example)' })
  t.equal(bad.statusCode, 400)
  const disabled = await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: 'abc' })
  t.equal(disabled.statusCode, 400)
  t.match(disabled.json().error.message, /Threat Response is disabled/)
  const deregister = await api(app, org, 'POST', '/config/cloud_service_settings/deregister')
  t.equal(deregister.statusCode, 409)
  const emptyToken = await api(app, org, 'POST', '/config/cloud_service_settings/register', { token: '' })
  t.equal(emptyToken.statusCode, 400)
})

t.test('each org has its own Cloud Service Settings', async (t) => {
  const a = await createOrg(app)
  const b = await createOrg(app)
  await api(app, a, 'PUT', '/config/cloud_service_settings', { enabled: true })
  await api(app, a, 'POST', '/config/commit')
  t.equal((await api(app, a, 'GET', '/config/cloud_service_settings')).json().data.threatResponse, 'Enabled')
  t.equal((await api(app, b, 'GET', '/config/cloud_service_settings')).json().data.threatResponse, 'Disabled')
})
