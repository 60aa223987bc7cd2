// What Cisco's threatresponse SDK does against CTR, pointed at it with environment={'visibility': <CTR URL>}.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { createOrg, accessToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { trackedMessage } from '../support/fake-esa-device.ts'
import { CredentialsError, RegionError, SdkHttpError, SdkKeyError, ThreatResponseSdk, type SdkOptions } from '../support/threatresponse-sdk.ts'

/** The HTTP status the SDK raised with. */
async function statusOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call
    return undefined
  } catch (error) {
    return error instanceof SdkHttpError ? error.status : undefined
  }
}

/** The environment the README tells SDK users to pass: all three families, since the constructor builds each. */
function environment(url: string): NonNullable<SdkOptions['environment']> {
  return { visibility: url, private_intel: url, global_intel: url }
}

test('the SDK constructor raises where Cisco\'s does', async (t) => {
  const n = await buildNeighbourhood(t)
  const org = await createOrg(n.app, { name: 'SDK constructor' })
  const client = { client_id: org.clientId, client_password: org.clientPassword }
  await t.rejects(ThreatResponseSdk.create({ environment: environment(n.ctrUrl) }), CredentialsError)
  await t.rejects(ThreatResponseSdk.create({ ...client, region: 'nam', environment: environment(n.ctrUrl) }), RegionError)
  await t.rejects(ThreatResponseSdk.create({ ...client, environment: { visibility: n.ctrUrl } }), new SdkKeyError('private_intel'),
    'visibility alone gets a token, then fails building the intel families')
  for (const region of ['', 'us', 'eu', 'apjc', null]) {
    t.ok(await ThreatResponseSdk.create({ ...client, region, environment: environment(n.ctrUrl) }), `region ${JSON.stringify(region)}`)
  }
})

test('the threatresponse SDK works unchanged against CTR', async (t) => {
  const n = await buildNeighbourhood(t)
  const org = await createOrg(n.app, { name: 'SDK user' })
  const tr = await ThreatResponseSdk.create({ client_id: org.clientId, client_password: org.clientPassword, environment: environment(n.ctrUrl) })

  await t.test('client credentials, then inspect and profile', async (t) => {
    t.same(tr.calls[0], { method: 'POST', path: '/iroh/oauth2/token', status: 200 })
    t.same(await tr.inspect.inspect({ content: 'email_subject:"test test" 4.2.2.2' }), [{ type: 'email_subject', value: 'test test' }, { type: 'ip', value: '4.2.2.2' }])
    t.match(await tr.profile.whoami(), { org: { id: org.orgId, name: 'SDK user' } })
  })

  await t.test('module instances through tr.int: post, get, patch, delete', async (t) => {
    const device = n.sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
    const types = await tr.int.module_type.get() as Array<{ id: string; title: string }>
    const esaType = types.find((m) => m.title === 'Email Security Appliance')!
    const created = await tr.int.module_instance.post({ name: 'esa03', module_type_id: esaType.id, visibility: 'org', settings: { device: device.id } }) as { id: string }
    t.match(await tr.int.module_instance.get(created.id), { name: 'esa03' })
    t.match(await tr.int.module_instance.patch(created.id, { name: 'esa03 renamed' }), { name: 'esa03 renamed' })
    const intel = await tr.int.module_instance.post({ name: 'Intel', module_type_id: builtinModuleTypeId('mock-intel', 'NAM'), visibility: 'org', settings: { judgements: 'ip:4.2.2.2=Malicious' } }) as { id: string }
    t.equal((await tr.int.module_instance.delete(intel.id)).status_code, 204, 'DELETE is read raw: no body')
    await tr.int.module_instance.post({ name: 'Intel', module_type_id: builtinModuleTypeId('mock-intel', 'NAM'), visibility: 'org', settings: { judgements: 'ip:4.2.2.2=Malicious' } })
  })

  await t.test('commands.verdict and commands.targets read the fields they need', async (t) => {
    n.esa.messages = [trackedMessage({ subject: 'test test', recipients: ['user1@isc.com'] })]
    const { verdicts } = await tr.commands.verdict('ip:"4.2.2.2"')
    t.match(verdicts, [{ observable_type: 'ip', observable_value: '4.2.2.2', module: 'Intel', disposition_name: 'Malicious', expiration: '2525-01-01T00:00:00.000Z' }])
    const { targets } = await tr.commands.targets('email_subject:"test test"')
    t.same(targets.find((m) => m.module === 'esa03 renamed')!.targets, [{ type: 'email', observables: [{ type: 'email', value: 'user1@isc.com' }] }])
  })

  await t.test('enrich and response calls', async (t) => {
    t.match(await tr.enrich.health(), { data: [{ data: { status: 'ok' } }, { data: { status: 'ok' } }] })
    t.match(await tr.enrich.refer.observables([{ type: 'ip', value: '4.2.2.2' }]), { data: [{ module: 'Intel' }] })
    const actions = await tr.response.respond.observables([{ type: 'ip', value: '4.2.2.2' }]) as { data: Array<{ id: string; module_instance_id: string }> }
    const clean = actions.data.find((a) => a.id === 'mark-clean')!
    t.same(await tr.response.respond.trigger(clean.module_instance_id, clean.id, 'ip', '4.2.2.2'), { data: { status: 'success' } })
  })

  await t.test('sse devices through tr.sse_device', async (t) => {
    const devices = await tr.sse_device.get_all() as Array<{ id: string }>
    t.equal(devices.length, 1)
    t.match(await tr.sse_device.get_by_id(devices[0]!.id), { name: 'esa03.mex-amp.inlab' })
  })

  await t.test('an expired token is refreshed once and the call retried', async (t) => {
    await n.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '601s' } })
    const before = tr.calls.length
    t.match(await tr.enrich.settings.get(), { module_instance_ids: [] as string[] })
    t.same(tr.calls.slice(before).map((c) => `${c.method} ${c.path} ${c.status}`), [
      'GET /iroh/iroh-enrich/settings 401', 'POST /iroh/oauth2/token 200', 'GET /iroh/iroh-enrich/settings 200',
    ])
  })

  await t.test('token mode validates the token with GET /iroh/iroh-enrich/settings', async (t) => {
    const token = await accessToken(n.app, org)
    const byToken = await ThreatResponseSdk.create({ token, environment: environment(n.ctrUrl) })
    t.same(byToken.calls, [{ method: 'GET', path: '/iroh/iroh-enrich/settings', status: 200 }])
    t.equal(await statusOf(ThreatResponseSdk.create({ token: 'not-a-token', environment: environment(n.ctrUrl) })), 401)
  })

  await t.test('bad credentials make the constructor raise (HTTP 400)', async (t) => {
    t.equal(await statusOf(ThreatResponseSdk.create({ client_id: org.clientId, client_password: 'wrong-password', environment: environment(n.ctrUrl) })), 400)
  })
})
