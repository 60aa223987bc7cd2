import t from 'tap'
import { buildTestApp, create, judgement, newOrg, shortId, sighting, T0 } from '../helper.ts'

t.test('bundle import resolves transient ids, re-points relationships, reports each entity, and is idempotent by external id', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const bundle = {
    type: 'bundle', source: 'ctrmock tests',
    judgements: [{ ...judgement(), id: 'transient:j1', external_ids: ['ctia-judgement-1'] }],
    sightings: [{ ...sighting(), id: 'transient:s1' }],
    relationships: [{ id: 'transient:r1', source_ref: 'transient:s1', target_ref: 'transient:j1', relationship_type: 'based-on', timestamp: T0 }],
  }
  const first = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/import', headers, payload: bundle })
  t.equal(first.statusCode, 200)
  const results = first.json().results as { original_id: string; id: string; result: string; type: string; external_ids?: string[] }[]
  t.same(results.map((r) => [r.type, r.original_id, r.result]), [
    ['judgement', 'transient:j1', 'created'], ['sighting', 'transient:s1', 'created'], ['relationship', 'transient:r1', 'created'],
  ])
  t.same(results[0]!.external_ids, ['ctia-judgement-1'])
  const [j, s, r] = results
  const rel = await intel.app.inject({ method: 'GET', url: `/ctia/relationship/${shortId(r!.id)}`, headers })
  t.equal(rel.json().source_ref, s!.id)
  t.equal(rel.json().target_ref, j!.id)

  const again = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/import', headers, payload: { type: 'bundle', source: 'x', judgements: bundle.judgements } })
  t.same(again.json().results.map((x: { result: string; id: string }) => [x.result, x.id]), [['exists', j!.id]])
  const dangling = await intel.app.inject({
    method: 'POST', url: '/ctia/bundle/import', headers, payload: {
      type: 'bundle', source: 'x', relationships: [{ source_ref: 'transient:nowhere', target_ref: j!.id, relationship_type: 'based-on', timestamp: T0 }],
    },
  })
  t.equal(dangling.json().results[0].result, 'error')
  const invalid = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/import', headers, payload: { type: 'bundle', source: 'x', judgements: [{ observable: {} }] } })
  t.equal(invalid.statusCode, 400)

  const exported = await intel.app.inject({ method: 'GET', url: `/ctia/bundle/export?ids=${encodeURIComponent(s!.id)}`, headers })
  t.equal(exported.statusCode, 200)
  const body = exported.json()
  t.equal(body.type, 'bundle')
  t.same(body.sightings.map((x: { id: string }) => x.id), [s!.id])
  t.same(body.relationships.map((x: { id: string }) => x.id), [r!.id])
  t.same(body.judgements.map((x: { id: string }) => x.id), [j!.id], 'related entities come along')
  const narrow = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/export?include_related_entities=false&related_to=target_ref', headers, payload: { ids: [s!.id] } })
  t.same(Object.keys(narrow.json()).sort(), ['sightings', 'source', 'type'])
  const foreign = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/export', headers: intel.auth(newOrg()), payload: { ids: [s!.id, j!.id] } })
  t.same(foreign.json(), { type: 'bundle', source: 'ctia' }, 'another org exports nothing of it')
})

t.test('bundle import as CTIA does it: every external id counts unless prefixes are given, the first stored match exists', async (t) => {
  const intel = await buildTestApp(t)
  const headers = intel.auth(newOrg())
  const imports = (bundle: Record<string, unknown>, query = '') => intel.app.inject({ method: 'POST', url: `/ctia/bundle/import${query}`, headers, payload: { type: 'bundle', source: 'x', ...bundle } })
  const twice = [{ ...judgement(), id: 'transient:a', external_ids: ['vendor-1', 'other-9'] }, { ...judgement(), id: 'transient:b', external_ids: ['vendor-1'] }]
  const first = (await imports({ judgements: twice })).json().results
  t.same(first.map((r: { result: string }) => r.result), ['created', 'created'], 'only what was stored before the import can exist')
  const again = (await imports({ judgements: [{ ...judgement(), id: 'transient:c', external_ids: ['vendor-1'] }] })).json().results
  t.same(again.map((r: { result: string, id: string }) => [r.result, r.id]), [['exists', [first[0].id, first[1].id].sort()[0]]], 'several matches: the first one exists')

  const prefixed = (await imports({ judgements: [{ ...judgement(), external_ids: ['vendor-1', 'other-9'] }] }, '?external-key-prefixes=other-,none-')).json().results
  t.same(prefixed, [{ type: 'judgement', external_ids: ['other-9'], result: 'exists', id: first[0].id }], 'only the prefixed ids identify and are listed; no original_id without a transient id')
  const unkeyed = (await imports({ judgements: [{ ...judgement(), external_ids: ['vendor-1'] }] }, '?external-key-prefixes=none-')).json().results
  t.same(unkeyed.map((r: Record<string, unknown>) => [r.result, 'external_ids' in r]), [['created', false]])
})

t.test('bundle import resolves transient ids only in relationships and asset refs, whatever the bundle\'s order', async (t) => {
  const intel = await buildTestApp(t)
  const headers = intel.auth(newOrg())
  const indicator = {
    id: 'transient:i1', producer: 'x', valid_time: {}, timestamp: T0, schema_version: '1.0.17',
    composite_indicator_expression: { operator: 'and', indicator_ids: ['transient:i2'] }, specification: { type: 'Judgement', judgements: ['transient:j1'], required_judgements: [] },
  }
  const bundle = {
    type: 'bundle', source: 'x',
    relationships: [{ id: 'transient:r1', source_ref: 'transient:j1', target_ref: 'transient:i1', relationship_type: 'element-of', timestamp: T0 }],
    indicators: [indicator],
    judgements: [{ ...judgement(), id: 'transient:j1' }],
  }
  const res = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/import', headers, payload: bundle })
  t.equal(res.statusCode, 200, res.body)
  const byType = Object.fromEntries(res.json().results.map((r: { type: string }) => [r.type, r]))
  t.same(Object.values(byType).map((r) => (r as { result: string }).result), ['created', 'created', 'created'])
  const stored = (await intel.app.inject({ method: 'GET', url: `/ctia/indicator/${shortId(byType.indicator.id)}`, headers })).json()
  t.same([stored.composite_indicator_expression.indicator_ids, stored.specification.judgements], [['transient:i2'], ['transient:j1']], 'as sent: CTIA resolves no other field')
  const rel = (await intel.app.inject({ method: 'GET', url: `/ctia/relationship/${shortId(byType.relationship.id)}`, headers })).json()
  t.same([rel.source_ref, rel.target_ref], [byType.judgement.id, byType.indicator.id])
})

t.test('a relationship whose source or target is still a transient id is refused, alone or in a bundle', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const j = await create(intel, org, 'judgement', judgement())
  const dangling = { source_ref: 'transient:nowhere', target_ref: j.id, relationship_type: 'based-on', timestamp: T0 }
  const single = await intel.app.inject({ method: 'POST', url: '/ctia/relationship', headers, payload: dangling })
  t.equal(single.statusCode, 400)
  t.match(single.json(), { id: /^relationship-/, error: /^A relationship cannot be created if a source or a target ref is still a transient ID/ })
  const bundled = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/import', headers, payload: { type: 'bundle', source: 'x', relationships: [dangling] } })
  t.match(bundled.json().results, [{ type: 'relationship', result: 'error', error: /still a transient ID/ }])
})

t.test('bulk creates, reads, replaces, patches and deletes across families', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const created = await intel.app.inject({
    method: 'POST', url: '/ctia/bulk', headers, payload: {
      judgements: [judgement(), judgement({ priority: 1 })], notes: [{ content: 'n', note_class: 'x', related_entities: [], timestamp: T0 }],
    },
  })
  t.equal(created.statusCode, 201)
  const { judgements, notes } = created.json() as { judgements: string[]; notes: string[] }
  t.equal(judgements.length, 2)
  const read = await intel.app.inject({ method: 'GET', url: `/ctia/bulk?judgements=${encodeURIComponent(judgements[0]!)}&judgements=judgement-00000000-0000-0000-0000-000000000000&notes=${encodeURIComponent(notes[0]!)}`, headers })
  t.equal(read.json().judgements[0].id, judgements[0])
  t.equal(read.json().judgements[1], null)
  t.equal(read.json().notes[0].content, 'n')
  const put = await intel.app.inject({ method: 'PUT', url: '/ctia/bulk', headers, payload: { judgements: [{ ...judgement({ priority: 7 }), id: judgements[1] }] } })
  t.same(put.json(), { judgements: { updated: [judgements[1]] } })
  const patch = await intel.app.inject({ method: 'PATCH', url: '/ctia/bulk', headers, payload: { notes: [{ id: notes[0], content: 'm' }] } })
  t.same(patch.json(), { notes: { updated: [notes[0]] } })
  t.equal((await intel.app.inject({ method: 'GET', url: `/ctia/note/${shortId(notes[0])}`, headers })).json().content, 'm')
  const missing = 'https://private.intel.amp.cisco.com/ctia/judgement/judgement-00000000-0000-0000-0000-000000000000'
  const del = await intel.app.inject({ method: 'DELETE', url: '/ctia/bulk', headers, payload: { judgements: [judgements[0], missing] } })
  t.same(del.json(), { judgements: { deleted: [judgements[0]], errors: { 'not-found': [missing] } } })
  const foreign = await intel.app.inject({ method: 'DELETE', url: '/ctia/bulk', headers: intel.auth(newOrg()), payload: { judgements: [judgements[1]] } })
  t.same(foreign.json().judgements.deleted, [], 'another org cannot delete it')
  const tooMany = await intel.app.inject({ method: 'DELETE', url: '/ctia/bulk', headers, payload: { judgements: Array.from({ length: 2001 }, (_, i) => `judgement-${i}`) } })
  t.equal(tooMany.statusCode, 400, 'more than 2000 entities in one bulk call')
})

t.test('bulk create resolves a relationship\'s transient refs to the entities it creates and answers their tempids', async (t) => {
  const intel = await buildTestApp(t)
  const headers = intel.auth(newOrg())
  const res = await intel.app.inject({
    method: 'POST', url: '/ctia/bulk', headers, payload: {
      relationships: [
        { source_ref: 'transient:s1', target_ref: 'transient:j1', relationship_type: 'based-on', timestamp: T0 },
        { source_ref: 'transient:gone', target_ref: 'transient:j1', relationship_type: 'based-on', timestamp: T0 },
      ],
      sightings: [{ ...sighting(), id: 'transient:s1' }],
      judgements: [{ ...judgement(), id: 'transient:j1' }],
    },
  })
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.same(body.tempids, { 'transient:s1': body.sightings[0], 'transient:j1': body.judgements[0] })
  t.match(body.relationships[1], { type: 'realize-entity-error', id: /^relationship-/, error: /still a transient ID/ })
  const rel = (await intel.app.inject({ method: 'GET', url: `/ctia/relationship/${shortId(body.relationships[0])}`, headers })).json()
  t.same([rel.source_ref, rel.target_ref], [body.sightings[0], body.judgements[0]])
})

t.test('events record creates and updates; an entity has a history; no IROH token deletes an event', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const s = await create(intel, org, 'sighting', sighting())
  await intel.app.inject({ method: 'PUT', url: `/ctia/sighting/${shortId(s.id)}`, headers, payload: sighting({ count: 7 }) })
  const events = await intel.app.inject({ method: 'GET', url: '/ctia/event/search?sort_by=timestamp', headers })
  t.same(events.json().map((e: { event_type: string }) => e.event_type).sort(), ['record-created', 'record-updated'])
  const updated = events.json().find((e: { event_type: string }) => e.event_type === 'record-updated')
  t.same(updated.fields, [{ field: 'count', action: 'modified', change: { before: 1, after: 7 } }])
  const history = await intel.app.inject({ method: 'GET', url: `/ctia/event/history/${encodeURIComponent(String(s.id))}`, headers })
  t.equal(history.json()[0].count, 2)
  const eventId = String(updated.id)
  const refused = await intel.app.inject({ method: 'DELETE', url: `/ctia/event/${shortId(eventId)}`, headers })
  t.match([refused.statusCode, refused.json()], [403, { message: 'Missing capability', error: 'missing_capability', capabilities: ['developer', 'delete-event'], owner: String }])
  const bySearch = await intel.app.inject({ method: 'DELETE', url: `/ctia/event/search?query=*&REALLY_DELETE_ALL_THESE_ENTITIES=true`, headers })
  t.same(bySearch.json().capabilities, ['search-event', 'developer', 'delete-event'])
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/event/search/count', headers })).json(), 2, 'both events are still there')
  const j = await create(intel, org, 'judgement', judgement())
  const replaced = await intel.app.inject({ method: 'PUT', url: `/ctia/judgement/${shortId(j.id)}`, headers, payload: judgement({ priority: 1 }) })
  t.match([replaced.statusCode, replaced.json()], [403, { error: 'missing_capability', capabilities: ['create-judgement', 'developer'] }], 'a judgement is replaced by a new one, not in place')
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/event/search/count', headers: intel.auth(newOrg()) })).json(), 0)
})
