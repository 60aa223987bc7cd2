import t from 'tap'
import { buildTestApp, create, judgement, newOrg, shortId, sighting, T0 } from '../helper.ts'

t.test('a judgement is created with CTIA ids and defaults, read back, not replaced or patched, deleted', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const created = await create(intel, org, 'judgement', judgement({ disposition: undefined }))
  t.match(created.id, /^https:\/\/private\.intel\.amp\.cisco\.com:443\/ctia\/judgement\/judgement-[0-9a-f-]{36}$/)
  t.equal(created.type, 'judgement')
  t.equal(created.disposition, 2, 'disposition follows disposition_name')
  t.equal(created.tlp, 'green')
  t.equal(created.schema_version, '1.3.30')
  t.same(created.valid_time, { start_time: T0, end_time: '2525-01-01T00:00:00.000Z' })

  const url = `/ctia/judgement/${shortId(created.id)}`
  const read = await intel.app.inject({ method: 'GET', url, headers: intel.auth(org) })
  t.equal(read.statusCode, 200)
  t.same(read.json(), created, 'a read answers what the write did: the stored entity, as CTIA\'s crud test expects')
  const { owner, groups, created: at, modified } = created
  t.match({ owner, groups, at, modified }, { owner: /.+/, groups: [org], at: T0, modified: T0 }, 'with what CTIA keeps of who and when')
  const search = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?query=*', headers: intel.auth(org) })
  t.match(search.json(), [{ id: created.id, owner, groups: [org], created: T0 }])
  const byUrl = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/${encodeURIComponent(String(created.id))}`, headers: intel.auth(org) })
  t.equal(byUrl.statusCode, 200, 'the whole id URL also names it')
  const fields = await intel.app.inject({ method: 'GET', url: `${url}?fields=priority&fields=observable.value`, headers: intel.auth(org) })
  t.same(fields.json(), { priority: 95, observable: { value: '198.51.100.7' } })

  const put = await intel.app.inject({ method: 'PUT', url, headers: intel.auth(org), payload: judgement({ priority: 50, disposition: 1, disposition_name: 'Clean' }) })
  t.equal(put.statusCode, 403, 'a judgement is not replaced in place: CTIA asks for the developer capability')

  const patch = await intel.app.inject({ method: 'PATCH', url, headers: intel.auth(org), payload: { priority: 1 } })
  t.equal(patch.statusCode, 404, 'judgements have no PATCH in the Swagger')

  const other = await intel.app.inject({ method: 'GET', url, headers: intel.auth(newOrg()) })
  t.equal(other.statusCode, 404, 'another org does not see it')
  t.equal((await intel.app.inject({ method: 'DELETE', url, headers: intel.auth(newOrg()) })).statusCode, 404)
  t.equal((await intel.app.inject({ method: 'DELETE', url, headers: intel.auth(org) })).statusCode, 204)
  t.equal((await intel.app.inject({ method: 'GET', url, headers: intel.auth(org) })).statusCode, 404)
})

t.test('creates, replacements and patches answer the stored entity, with owner, groups, created and modified', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  // A token is minted per call: the clock moves on by an hour, past a token's lifetime.
  const headers = () => intel.auth(org, { clientId: 'client-writer' })
  const posted = await intel.app.inject({ method: 'POST', url: '/ctia/sighting', headers: headers(), payload: sighting() })
  t.equal(posted.statusCode, 201)
  t.match(posted.json(), { owner: `user-${org}`, groups: [org], created: T0, modified: T0, client_id: 'client-writer' }, 'POST')
  const url = `/ctia/sighting/${shortId(posted.json().id)}`

  await intel.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '1h' } })
  const later = '2026-03-02T11:00:00.000Z'
  const put = await intel.app.inject({ method: 'PUT', url, headers: headers(), payload: { ...(posted.json() as Record<string, unknown>), count: 3 } })
  t.equal(put.statusCode, 200, 'a PUT may send back what the POST answered, as CTIA\'s New schemas take those fields')
  t.match(put.json(), { count: 3, owner: `user-${org}`, groups: [org], created: T0, modified: later }, 'PUT: created kept, modified now')
  t.same((await intel.app.inject({ method: 'GET', url, headers: headers() })).json(), put.json(), 'the answer is what a read then finds')

  const incident = await create(intel, org, 'incident', { confidence: 'High', status: 'New', incident_time: { opened: T0 }, timestamp: T0 })
  const patched = await intel.app.inject({ method: 'PATCH', url: `/ctia/incident/${shortId(incident.id)}`, headers: headers(), payload: { title: 'Phishing wave' } })
  t.match(patched.json(), { title: 'Phishing wave', owner: `user-${org}`, groups: [org], created: later, modified: later }, 'PATCH')
  const expired = await intel.app.inject({ method: 'POST', url: `/ctia/judgement/${shortId((await create(intel, org, 'judgement', judgement())).id)}/expire?reason=r`, headers: headers() })
  t.match(expired.json(), { owner: `user-${org}`, groups: [org], created: later }, 'expire')
  const bulk = await intel.app.inject({ method: 'GET', url: `/ctia/bulk?sightings=${encodeURIComponent(String(posted.json().id))}`, headers: headers() })
  t.match(bulk.json(), { sightings: [{ id: posted.json().id, owner: `user-${org}`, created: T0 }] }, 'GET /ctia/bulk reads stored entities too')
})

t.test('a schema violation gets CTIA 400 naming the fields', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const res = await intel.app.inject({ method: 'POST', url: '/ctia/judgement', headers: intel.auth(org), payload: { ...judgement({ severity: 'Huge' }), source: undefined, colour: 'red' } })
  t.equal(res.statusCode, 400)
  const body = res.json()
  t.equal(body.type, 'compojure.api.exception/request-validation')
  t.same(body.in, ['request', 'body-params'])
  t.equal(body.errors.source, 'missing-required-key')
  t.equal(body.errors.colour, 'disallowed-key')
  t.match(body.errors.severity, /Huge/)
  const nested = await intel.app.inject({ method: 'POST', url: '/ctia/judgement', headers: intel.auth(org), payload: judgement({ observable: { type: 'ip' } }) })
  t.same(nested.json().errors, { observable: { value: 'missing-required-key' } })
  const mismatch = await intel.app.inject({ method: 'POST', url: '/ctia/judgement', headers: intel.auth(org), payload: judgement({ disposition: 1 }) })
  t.equal(mismatch.statusCode, 400, 'disposition and disposition_name must agree')
  const query = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?limit=many', headers: intel.auth(org) })
  t.equal(query.statusCode, 400)
  t.same(query.json().in, ['request', 'query-params'])
  t.ok(query.json().errors.limit)
})

t.test('CTIM\'s specs beyond the Swagger: references, the years of a time, the phases of a kill chain', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const post = (type: string, payload: Record<string, unknown>) => intel.app.inject({ method: 'POST', url: `/ctia/${type}`, headers, payload })
  const indicator = (extra: Record<string, unknown>) => ({ producer: 'x', timestamp: T0, ...extra })

  const badRef = await post('indicator', indicator({ composite_indicator_expression: { operator: 'and', indicator_ids: ['123'] } }))
  t.equal(badRef.statusCode, 400)
  t.match(badRef.json(), {
    error: 'Spec Validation Client Error', type: 'Invalid Entity Error', class: 'clojure.lang.ExceptionInfo',
    message: '"123" - failed: (or :long-id :transient-id) in: [:composite_indicator_expression :indicator_ids 0]', entity: { producer: 'x' },
  })
  const phase = await post('indicator', indicator({ kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'actions-on-objectives' }] }))
  t.match(phase.json(), { error: 'Spec Validation Client Error', message: /in: \[:kill_chain_phases 0\]/ })
  const late = await post('judgement', judgement({ valid_time: { end_time: '3000-01-01T00:00:00.000Z' } }))
  t.match(late.json(), { error: 'Spec Validation Client Error', message: /"3000-01-01T00:00:00.000Z" - failed: .* in: \[:valid_time :end_time\]/ })

  const fine = await post('indicator', indicator({
    composite_indicator_expression: { operator: 'or', indicator_ids: ['transient:i', 'https://private.intel.amp.cisco.com/ctia/indicator/indicator-00000000-0000-4000-8000-000000000001'] },
    kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'actions-on-objective' }, { kill_chain_name: 'mitre-attack', phase_name: 'anything' }],
  }))
  t.equal(fine.statusCode, 201, 'long and transient ids, the chain\'s own phases, and any phase of another chain')

  const bundled = await intel.app.inject({ method: 'POST', url: '/ctia/bundle/import', headers, payload: { type: 'bundle', source: 'x', judgements: [judgement({ valid_time: { end_time: '3000-01-01T00:00:00.000Z' } }), judgement()] } })
  t.match(bundled.json().results, [{ result: 'error', error: 'Entity validation Error', msg: /failed/ }, { result: 'created' }], 'in a bundle, that entity alone fails')
})

t.test('notes and incidents patch; every family of the Swagger creates and reads through one engine', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const note = await create(intel, org, 'note', { content: 'first', note_class: 'default', related_entities: [], timestamp: T0 })
  const patched = await intel.app.inject({ method: 'PATCH', url: `/ctia/note/${shortId(note.id)}`, headers: intel.auth(org), payload: { content: 'second' } })
  t.equal(patched.statusCode, 200)
  t.equal(patched.json().content, 'second')
  const minimal: Record<string, Record<string, unknown>> = {
    actor: { confidence: 'High', source: 's', title: 'a', description: 'd', short_description: 'd', timestamp: T0, valid_time: {} },
    tool: { title: 't', labels: [], description: 'd', short_description: 'd', timestamp: T0 },
    malware: { title: 'm', labels: ['worm'], description: 'd', short_description: 'd', timestamp: T0 },
    casebook: { title: 'c', timestamp: T0 },
  }
  for (const [type, body] of Object.entries(minimal)) {
    const res = await intel.app.inject({ method: 'POST', url: `/ctia/${type}`, headers: intel.auth(org), payload: body })
    t.equal(res.statusCode, 201, `${type}: ${res.body.slice(0, 300)}`)
  }
})

t.test('scopes: private-intel:read reads but cannot write; a token of another CTR is refused', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const reader = { authorization: `Bearer ${intel.token(org, { scopes: ['private-intel:read'] })}` }
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search', headers: reader })).statusCode, 200)
  const write = await intel.app.inject({ method: 'POST', url: '/ctia/judgement', headers: reader, payload: judgement() })
  t.equal(write.statusCode, 403)
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search', headers: { authorization: `Bearer ${intel.token(org, { scopes: ['enrich'] })}` } })).statusCode, 403)
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search' })).statusCode, 401)
  const { generateSigningKey } = await import('@ctrmock/kit')
  const foreign = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search', headers: intel.auth(org, { key: generateSigningKey() }) })
  t.equal(foreign.statusCode, 401)
  t.equal(foreign.json().type, 'Access Control Error')
  const status = await intel.app.inject({ method: 'GET', url: '/ctia/status' })
  t.same(status.json(), { status: 'ok' })
})

t.test('families the Swagger defines without routes (weakness, data-table, feedback, identity-assertion) are served too', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const bodies: Record<string, Record<string, unknown>> = {
    weakness: { title: 'CWE-79', description: 'XSS', timestamp: T0 },
    'data-table': { title: 'rows', columns: [], rows: [], timestamp: T0 },
    feedback: { entity_id: 'https://private.intel.amp.cisco.com/ctia/judgement/judgement-00000000-0000-4000-8000-000000000001', feedback: -1, reason: 'false positive', timestamp: T0 },
    'identity-assertion': { identity: { observables: [{ type: 'ip', value: '198.51.100.7' }] }, assertions: [], source: 's', timestamp: T0 },
  }
  for (const [type, body] of Object.entries(bodies)) {
    const created = await intel.app.inject({ method: 'POST', url: `/ctia/${type}`, headers: intel.auth(org), payload: body })
    t.equal(created.statusCode, 201, `${type}: ${created.body.slice(0, 200)}`)
    t.match(created.json().id, new RegExp(`/ctia/${type}/${type}-`))
    const url = `/ctia/${type}/${shortId(created.json().id)}`
    t.equal((await intel.app.inject({ method: 'GET', url, headers: intel.auth(org) })).statusCode, 200)
    // CTIA gives feedback and data tables no search routes (feedback-data-table.test.ts).
    if (type === 'weakness' || type === 'identity-assertion') t.equal((await intel.app.inject({ method: 'GET', url: `/ctia/${type}/search/count`, headers: intel.auth(org) })).json(), 1)
    t.equal((await intel.app.inject({ method: 'DELETE', url, headers: intel.auth(org) })).statusCode, 204)
  }
  const bad = await intel.app.inject({ method: 'POST', url: '/ctia/weakness', headers: intel.auth(org), payload: { title: 7 } })
  t.equal(bad.statusCode, 400)
  t.ok(bad.json().errors.title)
})

t.test('an EU instance names ids after the EU host and refuses tokens of the NAM CTR', async (t) => {
  const nam = await buildTestApp(t)
  const { startJwks } = await import('../helper.ts')
  const { generateSigningKey } = await import('@ctrmock/kit')
  const eu = await buildTestApp(t, { env: { REGION: 'EU' }, jwks: await startJwks(t, generateSigningKey()) })
  const org = newOrg()
  const created = await create(eu, org, 'judgement', judgement())
  t.match(created.id, /^https:\/\/private\.intel\.eu\.amp\.cisco\.com:443\/ctia\/judgement\//)
  const namToken = await eu.app.inject({ method: 'GET', url: '/ctia/judgement/search', headers: nam.auth(org) })
  t.equal(namToken.statusCode, 401, 'a token of the NAM CTR is not valid in EU')
  t.equal((await nam.app.inject({ method: 'GET', url: '/ctia/judgement/search/count', headers: nam.auth(org) })).json(), 0, 'NAM does not hold the EU judgement')
  t.equal((await eu.app.inject({ method: 'GET', url: '/ctia/version' })).json()['ctia-config'], 'EU')
})

// A PUT keeps what CTIA's realize keeps from the entity it replaces when the body says nothing.
t.test('a PUT without tlp or valid_time keeps the old ones; its timestamp is now', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const indicator = await create(intel, org, 'indicator', {
    producer: 'ctrmock', title: 'C2', tlp: 'amber', timestamp: '2026-01-01T00:00:00.000Z',
    valid_time: { start_time: '2026-02-01T00:00:00.000Z', end_time: '2026-12-01T00:00:00.000Z' },
  })
  const url = `/ctia/indicator/${shortId(indicator.id)}`
  const put = await intel.app.inject({ method: 'PUT', url, headers: intel.auth(org), payload: { producer: 'ctrmock', title: 'C2 (renamed)', valid_time: { end_time: '2027-01-01T00:00:00.000Z' } } })
  t.equal(put.statusCode, 200, put.body.slice(0, 300))
  t.match(put.json(), {
    title: 'C2 (renamed)', tlp: 'amber', timestamp: T0,
    valid_time: { start_time: '2026-02-01T00:00:00.000Z', end_time: '2027-01-01T00:00:00.000Z' },
  }, 'tlp and the start kept, the end as sent, the timestamp now')
  const green = await intel.app.inject({ method: 'PUT', url, headers: intel.auth(org), payload: { producer: 'ctrmock', title: 'C2', tlp: 'green' } })
  t.equal(green.json().tlp, 'green', 'a tlp the body gives wins')
})
