// Webhooks over real HTTP: an org's webhook is called with its IROH events (signed with an IROH JWT when it asks),
// every call leaves a result, and bad webhooks are refused in IROH's error shape.
import { test } from 'tap'
import { RemoteJwks } from '@ctrmock/kit'
import { until, type TeardownHost } from '@ctrmock/kit/testing'
import { IROH_CLAIMS, IROH_TOKEN_ISSUER } from '@ctrmock/types'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { T0, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { startWebhookReceiver } from '../../../../test/helpers/webhook-receiver.ts'

const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
const RELAY = builtinModuleTypeId('relay', 'NAM')

async function setup(t: TeardownHost) {
  const n = await buildNeighbourhood(t)
  const receiver = await startWebhookReceiver(t)
  const org = await orgWithToken(n.app)
  const call = async (method: string, url: string, payload?: unknown, headers = org.auth) => {
    const res = await n.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
    return { status: res.statusCode, body: res.body ? res.json() : undefined }
  }
  const webhook = (fields: Record<string, unknown> = {}) => call('POST', '/iroh/iroh-webhook/webhook', {
    name: 'SOAR', webhook_type: 'url', source: 'iroh-events', visibility: 'org', url: `${receiver.url}/hook?tenant=1`,
    event_type_filter: ['module-instance/created', 'module-instance/deleted'], ...fields,
  })
  const instance = async (name: string, typeId = INTEL, headers = org.auth) =>
    (await call('POST', '/iroh/iroh-int/module-instance', { name, module_type_id: typeId, visibility: 'org', settings: typeId === RELAY ? { url: 'http://127.0.0.1:9/' } : {} }, headers)).body
  const results = async (query = '') => (await call('GET', `/iroh/iroh-webhook/webhook-result${query}`)).body
  return { n, receiver, org, call, webhook, instance, results }
}

test('a webhook is called with the org\'s events it asks for, signed, and each call leaves a result', async (t) => {
  const { n, receiver, org, call, webhook, instance, results } = await setup(t)
  const made = await webhook({ auth: { type: 'iroh-jwt', conf: { client_id: org.clientId } } })
  t.equal(made.status, 200)
  t.match(made.body, { name: 'SOAR', org_id: org.orgId, client_id: org.clientId, enabled: true, created_at: T0.toISOString(), auth: { type: 'iroh-jwt' } })

  const intel = await instance('Intel')
  await until(() => receiver.calls.length === 1, { what: 'the webhook call' })
  const [created] = receiver.calls
  t.equal(created!.path, '/hook?tenant=1', 'its URL as given, query and all')
  t.match(created!.body, {
    issuer: 'IROH Event', created_at: T0.toISOString(), emiter: { org_id: org.orgId, client_id: org.clientId },
    data: { event_type: 'module-instance/created', module_instance_id: intel.id, module_type_id: INTEL, module_instance_visibility: 'org' },
  }, 'the event, as GET /iroh/iroh-event/event/{id} answers it')
  t.same((await call('GET', `/iroh/iroh-event/event/${created!.body.id}`)).body, created!.body)

  const jwks = new RemoteJwks(`${n.ctrUrl}/.well-known/jwks`)
  t.teardown(() => jwks.close())
  const claims = await jwks.verify(String(created!.headers.authorization).replace(/^Bearer /, ''), T0, { issuer: IROH_TOKEN_ISSUER })
  t.match(claims, { [IROH_CLAIMS.orgId]: org.orgId, [IROH_CLAIMS.oauthClientId]: org.clientId, sub: made.body.user_id }, 'an IROH JWT of the webhook\'s user, checked against CTR\'s JWKS')

  await until(async () => (await results()).length === 1, { what: 'the webhook result' })
  const [result] = await results()
  t.match(result, {
    webhook_id: made.body.id, event_id: created!.body.id, entity_id: intel.id, org_id: org.orgId, user_id: made.body.user_id,
    visibility: 'org', url: `${receiver.url}/hook?tenant=1`, auth_type: 'iroh-jwt', result: 'success', errors: [],
  })
  t.same((await call('GET', `/iroh/iroh-webhook/webhook-result/${result.id}`)).body, result)

  // Changed is not among its event types; deleted is: the next call is the deletion.
  await call('PATCH', `/iroh/iroh-int/module-instance/${intel.id}`, { name: 'Intel 2' })
  const other = await orgWithToken(n.app)
  await instance('Theirs', INTEL, other.auth)
  await call('DELETE', `/iroh/iroh-int/module-instance/${intel.id}`)
  await until(() => receiver.calls.length === 2, { what: 'the second call' })
  t.same(receiver.calls.map((c) => (c.body.data as { event_type: string }).event_type), ['module-instance/created', 'module-instance/deleted'],
    'only its event types, only its org\'s events')
  await until(async () => (await results()).length === 2, { what: 'the second result' })
  t.same((await results(`?event_id=${receiver.calls[1]!.body.id}`)).map((r: { entity_id: string }) => r.entity_id), [intel.id], 'results filter by event')

  const removed = await call('DELETE', `/iroh/iroh-webhook/webhook-result/${result.id}`)
  t.match([removed.status, removed.body], [200, { id: result.id }])
  t.equal((await call('GET', `/iroh/iroh-webhook/webhook-result/${result.id}`)).status, 404, 'a deleted result is gone')
})

test('a failed call is a result too; a disabled webhook and a filter map keep events out', async (t) => {
  const { receiver, call, webhook, instance, results } = await setup(t)
  receiver.status = 500
  const failing = (await webhook()).body
  const unreachable = (await webhook({ url: 'http://127.0.0.1:9/hook' })).body
  await webhook({ enabled: false })
  const relayOnly = (await webhook({ url: `${receiver.url}/relay`, event_filter_map: { module_type_id: RELAY } })).body

  const intel = await instance('Intel')
  await until(async () => (await results()).length === 2, { what: 'two results' })
  const byWebhook = Object.fromEntries((await results()).map((r: { webhook_id: string }) => [r.webhook_id, r]))
  t.match(byWebhook[failing.id], { result: 'failure', entity_id: intel.id, errors: [{ type: 'error', code: 'http-500', message: 'The webhook URL answered HTTP 500' }] })
  t.match(byWebhook[unreachable.id], { result: 'failure', errors: [{ type: 'fatal', code: 'connection error', message: /unreachable/ }] })
  t.equal(byWebhook[relayOnly.id], undefined, 'the filter map holds back another type\'s instance')

  await instance('Relay', RELAY)
  await until(() => receiver.calls.some((c) => c.path === '/relay'), { what: 'the relay instance\'s call' })
  t.equal(receiver.calls.filter((c) => c.path === '/relay').length, 1)
  t.equal(receiver.calls.every((c) => !c.headers.authorization), true, 'no JWT unless the webhook asks for one')
  const off = await call('PATCH', `/iroh/iroh-webhook/webhook/${failing.id}`, { enabled: false })
  t.equal(off.body.enabled, false)
})

test('webhooks: listed, read, changed and deleted in the org; what ctrmock cannot deliver is refused', async (t) => {
  const { n, receiver, call, webhook } = await setup(t)
  const a = (await webhook({ name: 'Alpha', auth: { type: 'iroh-jwt', conf: { client_id: 'client-x' } } })).body
  const b = (await webhook({ name: 'Beta', event_type_filter: ['private-intel/incident/created'], record_type_filter: ['incident'] })).body
  const names = async (query: string) => (await call('GET', `/iroh/iroh-webhook/webhook${query}`)).body.map((w: { name: string }) => w.name)
  t.same(await names(''), ['Alpha', 'Beta'])
  t.same(await names('?event_type_filter=private-intel/incident/created'), ['Beta'])
  t.same(await names('?query=alp&enabled=true&source=iroh-events&webhook_type=url'), ['Alpha'])
  t.same(await names('?record_type_filter=incident'), ['Beta'])

  const changed = await call('PATCH', `/iroh/iroh-webhook/webhook/${a.id}`, { name: 'Alpha 2', auth: null, url: `${receiver.url}/new` })
  t.equal(changed.status, 200)
  t.match(changed.body, { id: a.id, name: 'Alpha 2', url: `${receiver.url}/new`, created_at: a.created_at })
  t.notOk('auth' in changed.body, 'null removes a field')
  t.same((await call('GET', `/iroh/iroh-webhook/webhook/${a.id}`)).body, changed.body)

  const refusals: Array<[Record<string, unknown>, RegExp]> = [
    [{ source: 'ctia-events' }, /a "ctia-events" webhook takes record-created, record-updated, record-deleted, not module-instance\/created/],
    [{ webhook_type: 'workflow', workflow: 'tag' }, /no orchestration workflows/],
    [{ url: undefined }, /url: a "url" webhook needs the URL/], // without a url
    [{ url: 'http://10.1.1.1/hook' }, /RELAY_URL_ALLOWLIST/],
    [{ event_type_filter: ['no-such/event'] }, /event_type_filter/],
    [{ visibility: 'everyone' }, /visibility/],
  ]
  for (const [fields, why] of refusals) {
    const res = await webhook(fields)
    t.match([res.status, res.body], [400, { error: 'invalid_request', error_description: why }], JSON.stringify(fields))
  }
  t.match((await call('PATCH', `/iroh/iroh-webhook/webhook/${b.id}`, { source: 'ctia-events' })).body, { error: 'invalid_request', error_description: /ctia-events/ }, 'a change is checked the same way')

  const other = await orgWithToken(n.app)
  t.equal((await call('GET', `/iroh/iroh-webhook/webhook/${a.id}`, undefined, other.auth)).status, 404, 'another org\'s webhook is not found')
  t.same((await call('GET', '/iroh/iroh-webhook/webhook', undefined, other.auth)).body, [])
  const gone = await call('DELETE', `/iroh/iroh-webhook/webhook/${b.id}`)
  t.match([gone.status, gone.body], [200, { id: b.id, name: 'Beta' }], 'a delete answers what it deleted')
  t.match(await call('GET', `/iroh/iroh-webhook/webhook/${b.id}`), { status: 404, body: { error: 'not_found', error_description: `Webhook ${b.id} not found` } })
})
