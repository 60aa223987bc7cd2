import t from 'tap'
import { buildTestApp, create, judgement, newOrg, shortId, T0 } from '../helper.ts'

t.test('casebook observables, texts and bundle: add, remove, replace', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const casebook = await create(intel, org, 'casebook', { title: 'Phishing wave', timestamp: T0, observables: [{ type: 'ip', value: '198.51.100.7' }] })
  const url = `/ctia/casebook/${shortId(casebook.id)}`
  const add = await intel.app.inject({ method: 'POST', url: `${url}/observables`, headers, payload: { operation: 'add', observables: [{ type: 'ip', value: '198.51.100.7' }, { type: 'domain', value: 'evil.example' }] } })
  t.equal(add.statusCode, 200)
  t.same(add.json().observables, [{ type: 'ip', value: '198.51.100.7' }, { type: 'ip', value: '198.51.100.7' }, { type: 'domain', value: 'evil.example' }], 'appended, a duplicate too, as CTIA concatenates')
  const remove = await intel.app.inject({ method: 'POST', url: `${url}/observables`, headers, payload: { operation: 'remove', observables: [{ type: 'ip', value: '198.51.100.7' }] } })
  t.same(remove.json().observables, [{ type: 'domain', value: 'evil.example' }], 'remove drops every equal item')
  const texts = await intel.app.inject({ method: 'POST', url: `${url}/texts`, headers, payload: { operation: 'replace', texts: [{ type: 'markdown', text: '# notes' }] } })
  t.same(texts.json().texts, [{ type: 'markdown', text: '# notes' }])
  const bundle = await intel.app.inject({ method: 'POST', url: `${url}/bundle`, headers, payload: { operation: 'add', bundle: { judgements: [{ ...judgement(), id: 'https://private.intel.amp.cisco.com/ctia/judgement/judgement-1' }] } } })
  t.equal(bundle.statusCode, 200, bundle.body.slice(0, 300))
  t.equal(bundle.json().bundle.judgements.length, 1)
  const bad = await intel.app.inject({ method: 'POST', url: `${url}/observables`, headers, payload: { operation: 'merge' } })
  t.equal(bad.statusCode, 400)
  t.equal((await intel.app.inject({ method: 'POST', url: `${url}/texts`, headers: intel.auth(newOrg()), payload: { operation: 'add', texts: [] } })).statusCode, 404)
  const casebookOnly = { authorization: `Bearer ${intel.token(org, { scopes: ['casebook'] })}` }
  t.equal((await intel.app.inject({ method: 'GET', url, headers: casebookOnly })).statusCode, 200, 'the casebook scope grants casebooks')
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search', headers: casebookOnly })).statusCode, 403, 'and nothing else')
})

t.test('incident status stamps incident_time; link relates a casebook to the incident', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const incident = await create(intel, org, 'incident', { confidence: 'High', status: 'New', incident_time: { opened: '2026-03-01T00:00:00.000Z' }, timestamp: T0, title: 'Phishing' })
  const url = `/ctia/incident/${shortId(incident.id)}`
  const closed = await intel.app.inject({ method: 'POST', url: `${url}/status`, headers, payload: { status: 'Closed: False Positive' } })
  t.equal(closed.statusCode, 200)
  t.equal(closed.json().status, 'Closed: False Positive')
  t.same(closed.json().incident_time, { opened: '2026-03-01T00:00:00.000Z', closed: T0 })
  const wrong = await intel.app.inject({ method: 'POST', url: `${url}/status`, headers, payload: { status: 'Finished' } })
  t.equal(wrong.statusCode, 400)
  const patched = await intel.app.inject({ method: 'PATCH', url, headers, payload: { title: 'Phishing wave' } })
  t.equal(patched.json().title, 'Phishing wave')
  const casebook = await create(intel, org, 'casebook', { title: 'c', timestamp: T0 })
  const link = await intel.app.inject({ method: 'POST', url: `${url}/link`, headers, payload: { casebook_id: casebook.id } })
  t.equal(link.statusCode, 201)
  t.same([link.json().source_ref, link.json().target_ref, link.json().relationship_type], [casebook.id, incident.id, 'related-to'])
  t.equal((await intel.app.inject({ method: 'POST', url: `${url}/link`, headers, payload: {} })).statusCode, 400)
})

t.test('feeds: a feed of an indicator serves its valid judgements to whoever holds the secret', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const indicator = await create(intel, org, 'indicator', { producer: 'ctrmock', title: 'blocklist', timestamp: T0 })
  const j = await create(intel, org, 'judgement', judgement())
  await create(intel, org, 'relationship', { source_ref: j.id, target_ref: indicator.id, relationship_type: 'element-of', timestamp: T0 })
  const feed = await create(intel, org, 'feed', { feed_type: 'indicator', output: 'observables', indicator_id: indicator.id, title: 'f', timestamp: T0 })
  const viewUrl = new URL(String(feed.feed_view_url))
  t.equal(viewUrl.hostname, 'private.intel.amp.cisco.com')
  const view = await intel.app.inject({ method: 'GET', url: `${viewUrl.pathname}.txt${viewUrl.search}` })
  t.equal(view.statusCode, 200)
  t.equal(view.body, '198.51.100.7')
  const json = await intel.app.inject({ method: 'GET', url: `${viewUrl.pathname}${viewUrl.search}` })
  t.same(json.json(), { observables: [{ type: 'ip', value: '198.51.100.7' }] }, 'the feed\'s output alone')
  const judgementsFeed = await create(intel, org, 'feed', { feed_type: 'indicator', output: 'judgements', indicator_id: indicator.id, title: 'j', timestamp: T0 })
  const judgementsUrl = new URL(String(judgementsFeed.feed_view_url))
  t.same((await intel.app.inject({ method: 'GET', url: `${judgementsUrl.pathname}${judgementsUrl.search}` })).json().judgements.map((x: { id: string }) => x.id), [j.id])
  await create(intel, org, 'relationship', { source_ref: (await create(intel, org, 'judgement', judgement({ observable: { type: 'ip', value: '192.0.2.1' } }))).id, target_ref: indicator.id, relationship_type: 'related-to', timestamp: T0 })
  t.same((await intel.app.inject({ method: 'GET', url: `${viewUrl.pathname}${viewUrl.search}` })).json().observables.length, 1, 'only judgements that are element-of the indicator')
  t.equal((await intel.app.inject({ method: 'GET', url: `${viewUrl.pathname}?s=wrong` })).statusCode, 401)
})

// A casebook edit merges as CTIA's patch flow does (deep-merge-with): an operation applies only to a list the casebook
// already has; a list it lacks takes the items as sent, even on a remove, and a bundle replace leaves the lists it does
// not name.
t.test('texts a casebook lacks are taken as sent, whatever the operation', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const casebook = await create(intel, org, 'casebook', { title: 'No texts yet', timestamp: T0 })
  const url = `/ctia/casebook/${shortId(casebook.id)}/texts`
  const text = { type: 'test type', text: 'test text' }
  const removed = await intel.app.inject({ method: 'POST', url, headers, payload: { operation: 'remove', texts: [text] } })
  t.same([removed.statusCode, removed.json().texts], [200, [text]], 'a remove on no texts sets them')
  const again = await intel.app.inject({ method: 'POST', url, headers, payload: { operation: 'remove', texts: [text] } })
  t.same(again.json().texts, [], 'once there, a remove removes')
})

t.test('a bundle edit merges each list it names and leaves the others', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const first = { ...judgement(), id: 'https://private.intel.amp.cisco.com:443/ctia/judgement/judgement-00000000-0000-4000-8000-000000000001' }
  const second = { ...judgement({ priority: 10 }), id: 'https://private.intel.amp.cisco.com:443/ctia/judgement/judgement-00000000-0000-4000-8000-000000000002' }
  const indicator = { id: 'https://private.intel.amp.cisco.com:443/ctia/indicator/indicator-00000000-0000-4000-8000-000000000003', type: 'indicator', producer: 'ctrmock', schema_version: '1.3.30' }
  const casebook = await create(intel, org, 'casebook', { title: 'Bundle', timestamp: T0, bundle: { source: 'ctrmock', judgements: [first], indicators: [indicator] } })
  const url = `/ctia/casebook/${shortId(casebook.id)}/bundle`
  const replaced = await intel.app.inject({ method: 'POST', url, headers, payload: { operation: 'replace', bundle: { judgements: [second] } } })
  t.equal(replaced.statusCode, 200, replaced.body.slice(0, 300))
  t.match(replaced.json().bundle, { judgements: [{ id: second.id }], indicators: [{ id: indicator.id }] }, 'replace swaps the judgements and keeps the indicators')
  const added = await intel.app.inject({ method: 'POST', url, headers, payload: { operation: 'add', bundle: { judgements: [second] } } })
  t.equal(added.json().bundle.judgements.length, 2, 'add appends')
})
