import t from 'tap'
import { buildTestApp, create, judgement, newOrg, sighting, T0 } from '../helper.ts'

const IP = '/ctia/ip/198.51.100.7'

t.test('verdict: of the judgements valid now the highest priority wins, ties go Clean > Malicious > Suspicious', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  t.equal((await intel.app.inject({ method: 'GET', url: `${IP}/verdict`, headers })).statusCode, 404, 'no judgement, no verdict')
  await create(intel, org, 'judgement', judgement({ priority: 90, disposition: 3, disposition_name: 'Suspicious' }))
  const malicious = await create(intel, org, 'judgement', judgement({ priority: 95, disposition: 2, disposition_name: 'Malicious' }))
  await create(intel, org, 'judgement', judgement({ priority: 100, disposition: 1, disposition_name: 'Clean', valid_time: { start_time: '2026-01-01T00:00:00.000Z', end_time: '2026-02-01T00:00:00.000Z' } }))
  let verdict = await intel.app.inject({ method: 'GET', url: `${IP}/verdict`, headers })
  t.equal(verdict.statusCode, 200)
  t.same(verdict.json(), {
    type: 'verdict', disposition: 2, disposition_name: 'Malicious', observable: { type: 'ip', value: '198.51.100.7' },
    judgement_id: malicious.id, valid_time: { start_time: T0, end_time: '2525-01-01T00:00:00.000Z' },
  }, 'the expired Clean judgement of priority 100 does not count')
  const clean = await create(intel, org, 'judgement', judgement({ priority: 95, disposition: 1, disposition_name: 'Clean' }))
  verdict = await intel.app.inject({ method: 'GET', url: `${IP}/verdict`, headers })
  t.equal(verdict.json().judgement_id, clean.id, 'Clean wins a tie of priorities')
  const unknown = await create(intel, org, 'judgement', judgement({ priority: 96, disposition: 5, disposition_name: 'Unknown' }))
  verdict = await intel.app.inject({ method: 'GET', url: `${IP}/verdict`, headers })
  t.equal(verdict.json().judgement_id, unknown.id, 'a higher priority wins whatever its disposition')
  t.equal((await intel.app.inject({ method: 'GET', url: `${IP}/verdict`, headers: intel.auth(newOrg()) })).statusCode, 404, 'another org has no verdict')
  const badType = await intel.app.inject({ method: 'GET', url: '/ctia/colour/red/verdict', headers })
  t.equal(badType.statusCode, 400, 'an observable type outside CTIM is refused')
})

t.test('judgements, sightings and the indicators and incidents relationships link them to', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const j = await create(intel, org, 'judgement', judgement())
  await create(intel, org, 'judgement', judgement({ observable: { type: 'domain', value: 'other.example' } }))
  const s = await create(intel, org, 'sighting', sighting())
  const indicator = await create(intel, org, 'indicator', { producer: 'ctrmock', title: 'C2', timestamp: T0 })
  const incident = await create(intel, org, 'incident', { confidence: 'High', status: 'New', incident_time: { opened: T0 }, timestamp: T0 })
  const relate = (source: unknown, target: unknown, type: string) =>
    create(intel, org, 'relationship', { source_ref: source, target_ref: target, relationship_type: type, timestamp: T0 })
  await relate(j.id, indicator.id, 'based-on')
  await relate(s.id, indicator.id, 'sighting-of')
  await relate(s.id, incident.id, 'member-of')

  const judgements = await intel.app.inject({ method: 'GET', url: `${IP}/judgements`, headers })
  t.same(judgements.json().map((x: { id: string }) => x.id), [j.id])
  t.equal(judgements.headers['x-total-hits'], '1')
  const sightings = await intel.app.inject({ method: 'GET', url: `${IP}/sightings`, headers })
  t.same(sightings.json().map((x: { id: string }) => x.id), [s.id])
  t.same((await intel.app.inject({ method: 'GET', url: `${IP}/judgements/indicators`, headers })).json(), [indicator.id])
  t.same((await intel.app.inject({ method: 'GET', url: `${IP}/sightings/indicators`, headers })).json(), [indicator.id])
  t.same((await intel.app.inject({ method: 'GET', url: `${IP}/sightings/incidents`, headers })).json(), [incident.id])
  t.same((await intel.app.inject({ method: 'GET', url: `${IP}/sightings/incidents`, headers: intel.auth(newOrg()) })).json(), [])

  // CTIA follows only its relationship types, from the judgement or sighting as source.
  const other = await create(intel, org, 'indicator', { producer: 'ctrmock', title: 'not linked the CTIA way', timestamp: T0 })
  await relate(j.id, other.id, 'indicates')
  await relate(other.id, j.id, 'based-on')
  await relate(s.id, other.id, 'related-to')
  t.same((await intel.app.inject({ method: 'GET', url: `${IP}/judgements/indicators`, headers })).json(), [indicator.id], 'indicates, and a judgement as target, are not followed')
  t.same((await intel.app.inject({ method: 'GET', url: `${IP}/sightings/indicators`, headers })).json(), [indicator.id], 'nor related-to')
})

t.test('long path parameters: whole id URLs of long type names and long observable values still route', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const ref = (n: number) => `https://private.intel.amp.cisco.com/ctia/judgement/judgement-00000000-0000-4000-8000-00000000000${n}`
  const rel = await create(intel, org, 'relationship', { source_ref: ref(1), target_ref: ref(2), relationship_type: 'related-to', timestamp: T0 })
  const url = `/ctia/relationship/${encodeURIComponent(String(rel.id))}`
  t.ok(url.length > 120)
  const read = await intel.app.inject({ method: 'GET', url, headers })
  t.equal(read.statusCode, 200, read.body.slice(0, 200))
  t.equal(read.json().id, rel.id)
  const put = await intel.app.inject({ method: 'PUT', url, headers, payload: { source_ref: ref(1), target_ref: ref(3), relationship_type: 'related-to', timestamp: T0 } })
  t.equal(put.json().target_ref, ref(3))
  const longValue = `https://evil.example/${'a'.repeat(300)}`
  await create(intel, org, 'judgement', judgement({ observable: { type: 'url', value: longValue } }))
  const verdict = await intel.app.inject({ method: 'GET', url: `/ctia/url/${encodeURIComponent(longValue)}/verdict`, headers })
  t.equal(verdict.statusCode, 200, verdict.body.slice(0, 200))
  t.equal(verdict.json().observable.value, longValue)
  t.equal((await intel.app.inject({ method: 'DELETE', url, headers })).statusCode, 204)
  t.equal((await intel.app.inject({ method: 'GET', url: `/ctia/nothing/${'x'.repeat(200)}/here`, headers })).statusCode, 404)
})

t.test('each observable route costs one database query, and checking the token costs none', async (t) => {
  let queries = 0
  const intel = await buildTestApp(t, {
    wrap: (prisma) => prisma.$extends({ query: { async $allOperations({ args, query }) { queries++; return query(args) } } }) as unknown as typeof prisma,
  })
  const org = newOrg()
  const headers = intel.auth(org)
  const j = await create(intel, org, 'judgement', judgement())
  const s = await create(intel, org, 'sighting', sighting())
  const indicator = await create(intel, org, 'indicator', { producer: 'ctrmock', title: 'C2', timestamp: T0 })
  await create(intel, org, 'relationship', { source_ref: j.id, target_ref: indicator.id, relationship_type: 'based-on', timestamp: T0 })
  await create(intel, org, 'relationship', { source_ref: s.id, target_ref: indicator.id, relationship_type: 'sighting-of', timestamp: T0 })
  for (const route of ['judgements', 'verdict', 'sightings', 'judgements/indicators', 'sightings/indicators', 'sightings/incidents']) {
    queries = 0
    const res = await intel.app.inject({ method: 'GET', url: `${IP}/${route}`, headers })
    t.equal(res.statusCode, 200, route)
    t.equal(queries, 1, `${route}: one query, the token's check included`)
  }
})
