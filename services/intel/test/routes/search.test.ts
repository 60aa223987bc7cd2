import t from 'tap'
import { buildTestApp, create, judgement, newOrg } from '../helper.ts'

t.test('search pages with X-Total-Hits, X-Next, X-Previous and X-Sort; counts; stays inside the org', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const ids: string[] = []
  for (let i = 0; i < 5; i++) {
    const doc = await create(intel, org, 'judgement', judgement({ priority: 10 + i, timestamp: `2026-03-0${i + 1}T10:00:00.000Z`, external_ids: [`ctia-ext-${i % 2}`] }))
    ids.push(String(doc.id))
  }
  await create(intel, newOrg(), 'judgement', judgement())
  const headers = intel.auth(org)
  const first = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?query=observable.type:ip&sort_by=priority&sort_order=desc&limit=2', headers })
  t.equal(first.statusCode, 200)
  t.equal(first.headers['x-total-hits'], '5')
  t.same(first.json().map((j: { priority: number }) => j.priority), [14, 13])
  t.equal(first.headers['x-next'], 'limit=2&offset=2&search_after=13', 'the next page after the last hit\'s sort values')
  t.notOk(first.headers['x-previous'])
  t.same(JSON.parse(String(first.headers['x-sort'])), [13], 'the sort values of the last hit, for the fields named')
  const second = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/search?query=*&sort_by=priority:desc&${first.headers['x-next']}`, headers })
  t.same(second.json().map((j: { priority: number }) => j.priority), [12, 11])
  const byOffset = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?query=*&sort_by=priority:desc&limit=2&offset=2', headers })
  t.same(byOffset.json().map((j: { priority: number }) => j.priority), [12, 11])
  t.equal(byOffset.headers['x-previous'], 'limit=2&offset=0')
  const after = new URLSearchParams()
  for (const v of JSON.parse(String(first.headers['x-sort']))) after.append('search_after', String(v))
  const cursor = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/search?query=*&sort_by=priority:desc&limit=2&${after}`, headers })
  t.same(cursor.json().map((j: { priority: number }) => j.priority), [12, 11], 'search_after continues after the last hit')
  const byTime = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?query=*&sort_by=timestamp&sort_order=asc&limit=2', headers })
  const sortedAt = JSON.parse(String(byTime.headers['x-sort']))
  t.same(sortedAt, [Date.parse('2026-03-02T10:00:00.000Z')], 'a date in X-Sort is in epoch milliseconds, as Elasticsearch reports it')
  const later = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/search?query=*&sort_by=timestamp&sort_order=asc&limit=2&search_after=${sortedAt[0]}`, headers })
  t.same(later.json().map((j: { priority: number }) => j.priority), [12, 13], 'and search_after takes it back')

  const filtered = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/count?priority=12', headers })
  t.equal(filtered.json(), 1)
  const count = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/count?query=disposition:2', headers })
  t.equal(count.json(), 5, 'the other org\'s judgement is not counted')
  const external = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/external_id/ctia-ext-0', headers })
  t.equal(external.json().length, 3)

  const malformed = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/search?query=${encodeURIComponent('(priority:1')}`, headers })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().type, 'ES query parsing error')
})

t.test('from and to bound when an entity was created, not its timestamp, in search, count and delete by search', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement({ priority: 1, timestamp: '2020-01-01T00:00:00.000Z' }))
  await intel.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { set: '2026-03-03T10:00:00.000Z', freeze: true } })
  await create(intel, org, 'judgement', judgement({ priority: 2, timestamp: '2020-01-01T00:00:00.000Z' }))
  const priorities = async (window: string) =>
    (await intel.app.inject({ method: 'GET', url: `/ctia/judgement/search?${window}&sort_by=priority&fields=priority`, headers: intel.auth(org) })).json()
  t.same(await priorities('from=2026-03-02T09:00:00.000Z&to=2026-03-02T11:00:00.000Z'), [{ priority: 1 }], 'the one created in the window')
  t.same(await priorities('from=2026-03-03T00:00:00.000Z'), [{ priority: 2 }], 'from alone')
  t.same(await priorities('from=2019-12-31T00:00:00.000Z&to=2020-01-02T00:00:00.000Z'), [], 'a window around their timestamp finds neither')
  t.same(await priorities('from=2026-03-01T00:00:00.000Z&to=2026-03-02T10:00:00.000Z'), [], 'to is excluded')
  const count = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/count?to=2026-03-03T00:00:00.000Z', headers: intel.auth(org) })
  t.equal(count.json(), 1, 'a count takes the same window')
  const dry = await intel.app.inject({ method: 'DELETE', url: '/ctia/judgement/search?from=2026-03-03T00:00:00.000Z', headers: intel.auth(org) })
  t.equal(dry.json(), 1, 'and a delete by search')
})

t.test('delete by search is a dry run unless confirmed, refuses an empty search, and spares other orgs', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const other = newOrg()
  for (const priority of [1, 2, 3]) await create(intel, org, 'judgement', judgement({ priority }))
  await create(intel, other, 'judgement', judgement({ priority: 1 }))
  const headers = intel.auth(org)
  const dry = await intel.app.inject({ method: 'DELETE', url: '/ctia/judgement/search?query=priority:[1 TO 2]', headers })
  t.equal(dry.json(), 2)
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/count', headers })).json(), 3, 'nothing deleted by a dry run')
  const empty = await intel.app.inject({ method: 'DELETE', url: '/ctia/judgement/search?REALLY_DELETE_ALL_THESE_ENTITIES=true', headers })
  t.same({ status: empty.statusCode, body: empty.json() }, { status: 403, body: { error: 'you must provide at least one of from, to, query or any field filter.' } }, 'CTIA\'s refusal')
  const real = await intel.app.inject({ method: 'DELETE', url: '/ctia/judgement/search?query=priority:[1 TO 2]&REALLY_DELETE_ALL_THESE_ENTITIES=true&wait_for=true', headers })
  t.equal(real.json(), 2)
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/count', headers })).json(), 1)
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/count', headers: intel.auth(other) })).json(), 1)
})

t.test('metrics: histogram, topn and cardinality over the org\'s judgements', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement({ timestamp: '2026-03-01T10:00:00.000Z' }))
  await create(intel, org, 'judgement', judgement({ timestamp: '2026-03-01T12:00:00.000Z', observable: { type: 'domain', value: 'a.example' } }))
  await create(intel, org, 'judgement', judgement({ timestamp: '2026-03-02T10:00:00.000Z' }))
  const headers = intel.auth(org)
  const from = '2026-03-01T00:00:00.000Z&to=2026-03-03T00:00:00.000Z'
  const histogram = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/metric/histogram?aggregate-on=timestamp&granularity=day&from=${from}`, headers })
  t.same(histogram.json().data, { timestamp: [{ key: '2026-03-01T00:00:00.000Z', value: 2 }, { key: '2026-03-02T00:00:00.000Z', value: 1 }] })
  const topn = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/metric/topn?aggregate-on=observable.type&from=${from}`, headers })
  t.same(topn.json().data, { observable: { type: [{ key: 'ip', value: 2 }, { key: 'domain', value: 1 }] } })
  const cardinality = await intel.app.inject({ method: 'GET', url: `/ctia/judgement/metric/cardinality?aggregate-on=observable.value&from=${from}`, headers })
  t.same(cardinality.json().data, { observable: { value: 2 } })
  const missing = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/metric/histogram?aggregate-on=timestamp', headers })
  t.equal(missing.statusCode, 400, 'from is required')
})

t.test('an entity is found and deleted by its short id as by its long one, in borrowed families too', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  for (const [type, body] of [['judgement', judgement()], ['weakness', { description: 'w', timestamp: '2026-03-02T10:00:00.000Z' }]] as const) {
    const doc = await create(intel, org, type, body)
    await create(intel, org, type, body)
    const short = String(doc.id).split('/').pop()!
    const found = await intel.app.inject({ method: 'GET', url: `/ctia/${type}/search?id=${short}`, headers })
    t.same(found.json().map((d: { id: string }) => d.id), [doc.id], `${type}: the id filter, by the short id`)
    t.same((await intel.app.inject({ method: 'GET', url: `/ctia/${type}/search?query=id:"${short}"`, headers })).json().length, 1, `${type}: id in a query`)
    const removed = await intel.app.inject({ method: 'DELETE', url: `/ctia/${type}/search?id=${short}&REALLY_DELETE_ALL_THESE_ENTITIES=true`, headers })
    t.equal(removed.json(), 1, `${type}: deleted by it, and only it`)
  }
})

t.test('a judgement\'s expire ends its validity now and appends the reason after a space, as CTIA does', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const doc = await create(intel, org, 'judgement', judgement())
  const short = String(doc.id).split('/').pop()!
  const expired = (await intel.app.inject({ method: 'POST', url: `/ctia/judgement/${short}/expire?reason=For%20test`, headers })).json()
  t.equal(expired.reason, ' For test', '(str nil " " reason): a leading space when there was no reason')
  t.equal(expired.valid_time.end_time, '2026-03-02T10:00:00.000Z')
  const again = (await intel.app.inject({ method: 'POST', url: `/ctia/judgement/${short}/expire?reason=again`, headers })).json()
  t.equal(again.reason, ' For test again')
})

t.test('weaknesses, which borrow tool\'s routes, answer metrics on the fields CTIA declares for them', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  await create(intel, org, 'weakness', { description: 'w', source: 'scanner', timestamp: '2026-03-02T09:00:00.000Z' })
  // The window ends before `to` (now by default), and the clock is frozen at the instant the weakness was created.
  const from = `${encodeURIComponent('2026-03-01T00:00:00.000Z')}&to=${encodeURIComponent('2026-03-03T00:00:00.000Z')}`
  const histogram = await intel.app.inject({ method: 'GET', url: `/ctia/weakness/metric/histogram?granularity=week&from=${from}&aggregate-on=timestamp`, headers })
  t.match([histogram.statusCode, histogram.json()], [200, { type: 'histogram' }])
  const topn = await intel.app.inject({ method: 'GET', url: `/ctia/weakness/metric/topn?from=${from}&aggregate-on=source`, headers })
  t.match([topn.statusCode, topn.json()], [200, { type: 'topn', data: { source: [{ key: 'scanner', value: 1 }] } }])
  t.match((await intel.app.inject({ method: 'GET', url: `/ctia/weakness/metric/cardinality?from=${from}&aggregate-on=source`, headers })).json(), { type: 'cardinality', data: { source: 1 } })

  await create(intel, org, 'weakness', { description: 'x', likelihood: 'High', timestamp: '2026-03-02T09:00:00.000Z' })
  const get = (path: string) => intel.app.inject({ method: 'GET', url: `/ctia/weakness/${path}`, headers })
  const likely = await get(`metric/topn?from=${from}&aggregate-on=likelihood`)
  t.same([likely.statusCode, likely.json().data], [200, { likelihood: [{ key: 'High', value: 1 }] }], 'a weakness field tool has not')
  const labels = await get(`metric/topn?from=${from}&aggregate-on=labels`)
  t.match([labels.statusCode, labels.json()], [400, { errors: { 'aggregate-on': /labels/ } }], 'tool\'s labels is no field of a weakness')
  t.equal((await get(`metric/histogram?granularity=day&from=${from}&aggregate-on=valid_time.start_time`)).statusCode, 400, 'its one histogram field is timestamp')
  t.same((await get('search?fields=likelihood&query=likelihood:High')).json(), [{ likelihood: 'High' }], 'fields: its own sort fields')
  t.equal((await get('search?query=x&search_fields=title')).statusCode, 200, 'search_fields: its searchable fields')
  t.equal((await get('search?query=x&search_fields=labels')).statusCode, 400, 'not tool\'s')
})

t.test('identity assertions search and aggregate on the fields CTIA declares for them, not tool\'s', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const assertion = (value: string, name: string, host: string) => ({
    identity: { observables: [{ type: 'ip', value }, { type: 'hostname', value: host }] },
    assertions: [{ name, value: 'High' }], source: 'asset inventory', timestamp: '2026-03-02T09:00:00.000Z',
    valid_time: { start_time: '2026-03-01T12:00:00.000Z' },
  })
  const first = await create(intel, org, 'identity-assertion', assertion('198.51.100.7', 'cisco:risk', 'a.example'))
  await create(intel, org, 'identity-assertion', assertion('198.51.100.7', 'cisco:exposure', 'b.example'))
  await create(intel, org, 'identity-assertion', assertion('198.51.100.9', 'cisco:risk', 'c.example'))
  t.match(first, { owner: `user-${org}`, groups: [org], created: '2026-03-02T10:00:00.000Z' }, 'stored with who and when, as every CTIA entity')
  const from = `${encodeURIComponent('2026-03-01T00:00:00.000Z')}&to=${encodeURIComponent('2026-03-03T00:00:00.000Z')}`
  const get = (path: string) => intel.app.inject({ method: 'GET', url: `/ctia/identity-assertion/${path}`, headers })

  const topn = await get(`metric/topn?aggregate-on=identity.observables.value&from=${from}`)
  t.equal(topn.statusCode, 200)
  const counts = [['198.51.100.7', 2], ['198.51.100.9', 1], ['a.example', 1], ['b.example', 1], ['c.example', 1]]
  t.same(topn.json().data, { identity: { observables: { value: counts.map(([key, value]) => ({ key, value })) } } }, 'the most frequent observable values of the identities')
  t.same((await get(`metric/cardinality?aggregate-on=identity.observables.type&from=${from}`)).json().data, { identity: { observables: { type: 2 } } })
  const histogram = await get(`metric/histogram?aggregate-on=valid_time.start_time&granularity=day&from=${from}`)
  t.same(histogram.json().data, { valid_time: { start_time: [{ key: '2026-03-01T00:00:00.000Z', value: 3 }] } })

  const filtered = await get('search?identity.observables.value=198.51.100.9')
  t.same(filtered.json().map((d: { assertions: unknown }) => d.assertions), [[{ name: 'cisco:risk', value: 'High' }]], 'a filter on an observable of the identity')
  t.equal((await get('search/count?assertions.name=cisco:risk')).json(), 2, 'a filter on an assertion')
  t.equal((await get('search?fields=valid_time.start_time&limit=1')).statusCode, 200, 'fields: its own sort fields')

  const toolOnly = await get(`metric/topn?aggregate-on=labels&from=${from}`)
  t.equal(toolOnly.statusCode, 400, 'tool\'s labels is no field of an identity assertion')
  t.match(toolOnly.json(), { type: 'compojure.api.exception/request-validation', in: ['request', 'query-params'], errors: { 'aggregate-on': /labels/ } })
  t.equal((await get(`metric/histogram?aggregate-on=valid_time.end_time&granularity=day&from=${from}`)).statusCode, 200)
  t.equal((await get('search?fields=title')).statusCode, 400, 'title is a tool\'s field, not an identity assertion\'s')
  t.equal((await get(`metric/average?aggregate-on=timestamp&from=${from}`)).statusCode, 404, 'CTIA declares no average for it')
})
