// Enrich a sighting, as Cisco's SDK does with tr.enrich.{observe,deliberate,refer}.sighting and .sighting_ref.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { buildTestApp, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'

const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
const SIGHTING = {
  id: 'transient:sighting-1', type: 'sighting', schema_version: '1.4.0', confidence: 'High', count: 1, source: 'EDR',
  observed_time: { start_time: '2026-03-01T00:00:00.000Z' }, observables: [{ type: 'ip', value: '4.2.2.2' }],
  targets: [{ type: 'endpoint', observables: [{ type: 'domain', value: 'evil.example' }, { type: 'ip', value: '4.2.2.2' }], observed_time: { start_time: '2026-03-01T00:00:00.000Z' } }],
  x_edr_process: 'powershell.exe',
}

test('a sighting\'s observables (its own and its targets\', once each) are enriched', async (t) => {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app)
  await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'Intel', module_type_id: INTEL, visibility: 'org', settings: { judgements: 'ip:4.2.2.2=Malicious\ndomain:evil.example=Suspicious' } } })
  const post = (path: string, payload: unknown) => app.inject({ method: 'POST', url: `/iroh/iroh-enrich/${path}`, headers: { ...org.auth, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })

  const deliberate = await post('deliberate/sighting', SIGHTING)
  t.equal(deliberate.statusCode, 200)
  const verdicts = deliberate.json().data[0].data.verdicts.docs
  t.same(verdicts.map((v: { observable: { value: string }, disposition_name: string }) => `${v.observable.value}=${v.disposition_name}`).sort(), ['4.2.2.2=Malicious', 'evil.example=Suspicious'])
  t.same(Object.keys(deliberate.json().data[0].data), ['verdicts'], 'deliberate answers verdicts only')
  const observe = await post('observe/sighting', SIGHTING)
  t.equal(observe.json().data[0].data.judgements.count, 2)
  const refer = await post('refer/sighting', SIGHTING)
  t.ok(refer.json().data.length > 0)
  t.match(refer.json().data[0], { module: 'Intel' })
  t.equal((await post('observe/sighting', { type: 'sighting' })).statusCode, 400, 'a sighting without what CTIM requires is refused')
  for (const family of ['observe', 'deliberate', 'refer']) {
    const ref = await post(`${family}/sighting_ref`, 'https://private.intel.amp.cisco.com:443/ctia/sighting/sighting-1')
    t.match([ref.statusCode, ref.json()], [404, { error: 'not_found', error_description: /not found in private intelligence/ }], 'without a private intelligence no sighting is known')
  }
})

test('a sighting ref: one of the org\'s sightings in private intelligence, read and enriched', async (t) => {
  const n = await buildNeighbourhood(t, {}, { intel: true })
  const org = await orgWithToken(n.app)
  await n.app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { name: 'Intel', module_type_id: INTEL, visibility: 'org', settings: { judgements: 'ip:4.2.2.2=Malicious\ndomain:evil.example=Suspicious' } } })
  const { id: _, ...fields } = SIGHTING
  const stored = n.intel!.add(org.orgId, 'sighting', fields)
  const post = (path: string, payload: unknown, auth = org.auth) => n.app.inject({ method: 'POST', url: `/iroh/iroh-enrich/${path}`, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
  const values = (res: { json(): { data: Array<{ module: string, data: { verdicts?: { docs: Array<{ observable: { value: string } }> } } }> } }) =>
    res.json().data.find((d) => d.module === 'Intel')?.data.verdicts?.docs.map((v) => v.observable.value).sort()

  for (const ref of [stored.id, stored.id.slice(stored.id.lastIndexOf('/') + 1)]) {
    const deliberate = await post('deliberate/sighting_ref', ref)
    t.equal(deliberate.statusCode, 200, `by ${ref.startsWith('https') ? 'its id' : 'its short id'}`)
    t.same(values(deliberate), ['4.2.2.2', 'evil.example'], 'its observables and its targets\', each once')
  }
  const observe = await post('observe/sighting_ref', stored.id)
  t.equal(observe.json().data.find((d: { module: string }) => d.module === 'Intel').data.judgements.count, 2)
  const refer = await post('refer/sighting_ref', stored.id)
  t.match(refer.json().data, [{ module: 'Intel' }])
  const only = await n.app.inject({ method: 'POST', url: `/iroh/iroh-enrich/deliberate/sighting_ref?mids=${encodeURIComponent('no-such-module')}`, headers: { ...org.auth, 'content-type': 'application/json' }, payload: JSON.stringify(stored.id) })
  t.same(only.json().data, [], 'mids narrow the modules asked, as for a sighting')

  const other = await orgWithToken(n.app)
  const foreign = await post('observe/sighting_ref', stored.id, other.auth)
  t.match([foreign.statusCode, foreign.json()], [404, { error: 'not_found', error_description: `Sighting ${stored.id} not found in private intelligence` }], 'another org\'s sighting is not found')
  for (const bad of ['judgement-1', 'https://private.intel.amp.cisco.com/ctia/indicator/indicator-1', ' ', 'sighting-../../x']) {
    const res = await post('observe/sighting_ref', bad)
    t.match([res.statusCode, res.json()], [400, { error: 'invalid_request', error_description: /is not a sighting ref/ }], `${JSON.stringify(bad)} names no sighting`)
  }
  t.equal((await post('observe/sighting_ref', { id: stored.id })).statusCode, 400, 'the ref is a JSON string')

  const down = await buildTestApp(t, { INTEL_URL: 'http://127.0.0.1:9' })
  const downOrg = await orgWithToken(down)
  const unreachable = await down.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/sighting_ref', headers: { ...downOrg.auth, 'content-type': 'application/json' }, payload: JSON.stringify(stored.id) })
  t.match([unreachable.statusCode, unreachable.json()], [503, { error: 'service_unavailable', error_description: /unreachable/ }], 'an unreachable private intelligence: 503')
})
