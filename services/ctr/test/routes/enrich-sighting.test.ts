// Enrich a sighting, as Cisco's SDK does with tr.enrich.{observe,deliberate,refer}.sighting and .sighting_ref.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { buildTestApp, orgWithToken } from '../helper.ts'

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
    t.equal(ref.statusCode, 404)
    t.match(ref.json(), { error: 'not_found', error_description: /not found in private intelligence/ })
  }
})
