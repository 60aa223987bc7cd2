// A casebook edit merges as CTIA's patch flow does (deep-merge-with): an operation applies only to a list the casebook
// already has; a list it lacks takes the items as sent, even on a remove (the SDK's functional tests rely on it), and a
// bundle replace leaves the lists it does not name.
import t from 'tap'
import { buildTestApp, create, judgement, newOrg, shortId, T0 } from '../helper.ts'

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
