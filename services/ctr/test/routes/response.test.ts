import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { startRelayModule } from '../support/relay-module.ts'

const RELAY = builtinModuleTypeId('relay', 'NAM')
const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
const RELAY_AUTH = 'Bearer relay-secret-jwt'

test('response', async (t) => {
  const { app } = await buildNeighbourhood(t)
  const relay = await startRelayModule(RELAY_AUTH)
  t.teardown(() => relay.close())
  const add = async (auth: { authorization: string }, payload: Record<string, unknown>) =>
    (await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: auth, payload: { visibility: 'org', ...payload } })).json() as { id: string }

  await t.test('respond/observables lists the actions of every module, each with a trigger url', async (t) => {
    const org = await orgWithToken(app)
    const r = await add(org.auth, { name: 'Relay', module_type_id: RELAY, settings: { url: relay.url, 'authorization-header': RELAY_AUTH } })
    const i = await add(org.auth, { name: 'Intel', module_type_id: INTEL })
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-response/respond/observables', headers: org.auth, payload: [{ type: 'domain', value: 'evil.example' }] })
    t.equal(res.statusCode, 200)
    const actions = res.json().data
    t.match(actions.find((a: { module: string }) => a.module === 'Relay'), {
      module_instance_id: r.id, module_type_id: RELAY, id: 'relay-block', title: 'Block',
      url: `/respond/trigger/${r.id}/relay-block?observable_type=domain&observable_value=evil.example&list=blocklist`,
    })
    t.same(actions.filter((a: { module: string }) => a.module === 'Intel').map((a: { id: string }) => a.id), ['mark-malicious', 'mark-suspicious', 'mark-clean'])
    void i
  })

  await t.test('triggering a relay action forwards action-id, the observable and the action\'s query params', async (t) => {
    const org = await orgWithToken(app)
    const r = await add(org.auth, { name: 'Relay', module_type_id: RELAY, settings: { url: relay.url, 'authorization-header': RELAY_AUTH } })
    relay.calls.length = 0
    const res = await app.inject({ method: 'POST', url: `/iroh/iroh-response/respond/trigger/${r.id}/relay-block?observable_type=domain&observable_value=evil.example&list=blocklist`, headers: org.auth })
    t.same(res.json(), { data: { status: 'success' } })
    t.same(relay.calls[0], { path: '/respond/trigger', authorization: RELAY_AUTH, body: { observable_type: 'domain', observable_value: 'evil.example', list: 'blocklist', 'action-id': 'relay-block' } })
    const unknown = await app.inject({ method: 'POST', url: `/iroh/iroh-response/respond/trigger/${r.id}/nope?observable_type=domain&observable_value=x`, headers: org.auth })
    t.match(unknown.json(), { data: { status: 'failure' }, errors: [{ module_instance_id: r.id, code: 'invalid argument' }] })
  })

  await t.test('Mock Intelligence\'s "Mark as Malicious" changes the verdict (a human judgement, priority 100)', async (t) => {
    const org = await orgWithToken(app)
    const i = await add(org.auth, { name: 'Intel', module_type_id: INTEL, settings: { judgements: 'domain:evil.example=Clean' } })
    // As Cisco's docs and SecureX workflows trigger it: a JSON Content-Type and no body.
    const res = await app.inject({ method: 'POST', url: `/iroh/iroh-response/respond/trigger/${i.id}/mark-malicious?observable_type=domain&observable_value=evil.example`, headers: { ...org.auth, 'content-type': 'application/json' } })
    t.same(res.json(), { data: { status: 'success' } })
    const verdicts = (await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/deliberate/observables', headers: org.auth, payload: [{ type: 'domain', value: 'evil.example' }] })).json()
    t.match(verdicts.data[0].data.verdicts.docs, [{ disposition: 2, disposition_name: 'Malicious' }])
  })

  await t.test('respond/sighting offers actions for the sighting\'s observables', async (t) => {
    const org = await orgWithToken(app)
    await add(org.auth, { name: 'Intel', module_type_id: INTEL })
    const sighting = {
      id: 'transient:sighting-1', type: 'sighting', schema_version: '1.3.29', confidence: 'High', count: 1,
      observed_time: { start_time: '2026-03-01T00:00:00.000Z' }, observables: [{ type: 'ip', value: '1.2.3.4' }],
    }
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-response/respond/sighting', headers: org.auth, payload: sighting })
    t.equal(res.statusCode, 200)
    t.equal(res.json().data.length, 3)
    t.match(res.json().data[0].url, /observable_type=ip&observable_value=1.2.3.4/)
  })

  await t.test('an unknown module instance answers 404; bad query values answer 400', async (t) => {
    const org = await orgWithToken(app)
    t.equal((await app.inject({ method: 'POST', url: '/iroh/iroh-response/respond/trigger/nope/block', headers: org.auth })).statusCode, 404)
    const i = await add(org.auth, { name: 'Intel', module_type_id: INTEL })
    t.equal((await app.inject({ method: 'POST', url: `/iroh/iroh-response/respond/trigger/${i.id}/mark-clean?observable_type=bogus&observable_value=x`, headers: org.auth })).statusCode, 400)
  })
})
