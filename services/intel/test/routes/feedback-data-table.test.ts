// Feedback and data tables have exactly CTIA's routes: no search, count, delete by search, metrics or PUT; feedback
// is listed by the entity it is about, with CTIA's parameters and paging headers.
import t from 'tap'
import { buildTestApp, create, judgement, newOrg, shortId, T0 } from '../helper.ts'

t.test('feedback on a judgement is listed by entity_id, with paging', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const about = await create(intel, org, 'judgement', judgement())
  const elsewhere = await create(intel, org, 'judgement', judgement())
  for (const [i, feedback] of [1, -1, 0].entries()) {
    await create(intel, org, 'feedback', { entity_id: about.id, feedback, reason: `reason ${i}`, timestamp: `2026-03-0${i + 1}T00:00:00.000Z` })
  }
  await create(intel, org, 'feedback', { entity_id: elsewhere.id, feedback: 1, reason: 'other', timestamp: T0 })
  const url = `/ctia/feedback?entity_id=${encodeURIComponent(String(about.id))}`

  const all = await intel.app.inject({ method: 'GET', url, headers })
  t.equal(all.statusCode, 200)
  t.same(all.json().map((f: { reason: string }) => f.reason), ['reason 0', 'reason 1', 'reason 2'], 'only its own, by timestamp')
  t.equal(all.headers['x-total-hits'], '3')
  t.match(all.json()[0], { type: 'feedback', entity_id: about.id, owner: `user-${org}` })

  const first = await intel.app.inject({ method: 'GET', url: `${url}&limit=2`, headers })
  t.same(first.json().map((f: { feedback: number }) => f.feedback), [1, -1])
  t.equal(first.headers['x-total-hits'], '3')
  t.match(first.headers['x-next'], /^limit=2&offset=2&search_after=/, 'X-Next leads to the rest')
  const second = await intel.app.inject({ method: 'GET', url: `${url}&limit=2&offset=2`, headers })
  t.same(second.json().map((f: { feedback: number }) => f.feedback), [0])
  t.equal(second.headers['x-previous'], 'limit=2&offset=0')

  const sorted = await intel.app.inject({ method: 'GET', url: `${url}&sort_by=feedback&sort_order=desc&fields=feedback`, headers })
  t.same(sorted.json(), [{ feedback: 1 }, { feedback: 0 }, { feedback: -1 }], 'sorted and narrowed on feedback\'s own fields')

  const missing = await intel.app.inject({ method: 'GET', url: '/ctia/feedback', headers })
  t.equal(missing.statusCode, 400)
  t.match(missing.json(), { type: 'compojure.api.exception/request-validation', errors: { entity_id: 'missing-required-key' } })
  const badSort = await intel.app.inject({ method: 'GET', url: `${url}&sort_by=title`, headers })
  t.equal(badSort.statusCode, 400, 'title is no feedback field')
  t.same((await intel.app.inject({ method: 'GET', url, headers: intel.auth(newOrg()) })).json(), [], 'another org sees none of it')
  const noScope = await intel.app.inject({ method: 'GET', url, headers: intel.auth(org, { scopes: ['private-intel/judgement'] }) })
  t.equal(noScope.statusCode, 403, 'listing feedback needs a scope granting feedback')
})

t.test('PUT, search, count, delete by search and metrics of feedback and data tables answer as CTIA, which has none', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const about = await create(intel, org, 'judgement', judgement())
  const bodies: Record<string, Record<string, unknown>> = {
    feedback: { entity_id: about.id, feedback: -1, reason: 'false positive', timestamp: T0 },
    'data-table': { title: 'rows', columns: [], rows: [], timestamp: T0 },
  }
  for (const [type, body] of Object.entries(bodies)) {
    const created = await create(intel, org, type, body)
    const url = `/ctia/${type}/${shortId(created.id)}`
    const unknownRoute = (res: { statusCode: number; json(): unknown }, what: string) => {
      t.equal(res.statusCode, 404, `${type}: ${what} is an unknown route`)
      t.match(res.json(), { error: 'not_found' }, `${type}: ${what} gets the not-found answer of any unknown route`)
    }
    unknownRoute(await intel.app.inject({ method: 'PUT', url, headers, payload: body }), 'PUT')
    unknownRoute(await intel.app.inject({ method: 'GET', url: `/ctia/${type}/search/count`, headers }), 'search/count')
    unknownRoute(await intel.app.inject({ method: 'GET', url: `/ctia/${type}/metric/histogram?aggregate-on=timestamp&from=2026-01-01T00:00:00Z`, headers }), 'a metric')
    unknownRoute(await intel.app.inject({ method: 'PATCH', url, headers, payload: { timestamp: T0 } }), 'PATCH')

    const search = await intel.app.inject({ method: 'GET', url: `/ctia/${type}/search?query=*`, headers })
    t.equal(search.statusCode, 404, `${type}: GET search is read as GET /{id} of an entity "search"`)
    t.same(search.json(), { error: `${type} not found`, id: 'search' })
    const deleteSearch = await intel.app.inject({ method: 'DELETE', url: `/ctia/${type}/search?query=*&REALLY_DELETE_ALL_THESE_ENTITIES=true`, headers })
    t.equal(deleteSearch.statusCode, 404, `${type}: DELETE search is DELETE /{id}, and deletes nothing`)
    t.equal((await intel.app.inject({ method: 'GET', url, headers })).statusCode, 200, `${type}: still there`)
  }
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/data-table', headers })).statusCode, 404, 'data tables have no list route')
})

t.test('feedback and data tables keep CTIA\'s other routes: create, get, external id lookup and delete', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const about = await create(intel, org, 'judgement', judgement())
  const feedback = await create(intel, org, 'feedback', { entity_id: about.id, feedback: 1, reason: 'ok', timestamp: T0, external_ids: ['fb-1'] })
  const read = await intel.app.inject({ method: 'GET', url: `/ctia/feedback/${shortId(feedback.id)}?fields=reason`, headers })
  t.same(read.json(), { reason: 'ok' })
  const byExternal = await intel.app.inject({ method: 'GET', url: '/ctia/feedback/external_id/fb-1?sort_by=feedback', headers })
  t.same(byExternal.json().map((f: { id: string }) => f.id), [feedback.id], 'its external-id lookup sorts on its own fields')
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/feedback/external_id/fb-1?sort_by=title', headers })).statusCode, 400)
  t.equal((await intel.app.inject({ method: 'DELETE', url: `/ctia/feedback/${shortId(feedback.id)}`, headers })).statusCode, 204)
  const table = await create(intel, org, 'data-table', { title: 'rows', columns: [], rows: [], timestamp: T0 })
  t.same((await intel.app.inject({ method: 'GET', url: `/ctia/data-table/${shortId(table.id)}?fields=title`, headers })).json(), { title: 'rows' })
})
