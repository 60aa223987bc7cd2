// The date window of the metric routes, as CTIA draws it: topn, cardinality and average on when the entity was
// created, a histogram on the date it aggregates; `from` included, `to` (now by default) excluded, a year at most.
import t from 'tap'
import { buildTestApp, create, judgement, newOrg, sighting, T0, type TestIntel } from '../helper.ts'

const q = (params: Record<string, string>) => new URLSearchParams(params).toString()

async function metric(intel: TestIntel, org: string, path: string, params: Record<string, string>) {
  const res = await intel.app.inject({ method: 'GET', url: `/ctia/${path}?${q(params)}`, headers: intel.auth(org) })
  return { status: res.statusCode, body: res.json(), hits: res.headers['x-total-hits'] }
}

t.test('topn and cardinality count the entities created in the window, whatever their timestamp', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement({ timestamp: '2025-06-01T10:00:00.000Z' }))
  const aroundNow = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }
  const aroundTimestamp = { from: '2025-05-31T00:00:00.000Z', to: '2025-06-02T00:00:00.000Z' }

  const topn = await metric(intel, org, 'judgement/metric/topn', { 'aggregate-on': 'observable.type', ...aroundNow })
  t.same(topn.body.data, { observable: { type: [{ key: 'ip', value: 1 }] } }, 'created now: counted in a window around now')
  t.equal(topn.hits, '1', 'X-Total-Hits: the entities the metric was computed over')
  const old = await metric(intel, org, 'judgement/metric/topn', { 'aggregate-on': 'observable.type', ...aroundTimestamp })
  t.same(old.body.data, { observable: { type: [] } }, 'not in a window around its timestamp')
  t.equal(old.hits, '0')
  t.same((await metric(intel, org, 'judgement/metric/cardinality', { 'aggregate-on': 'observable.value', ...aroundNow })).body.data, { observable: { value: 1 } })
  t.same((await metric(intel, org, 'judgement/metric/cardinality', { 'aggregate-on': 'observable.value', ...aroundTimestamp })).body.data, { observable: { value: 0 } })
})

t.test('a histogram selects and buckets by the date it aggregates on', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement({ timestamp: '2025-06-01T10:00:00.000Z' }))
  const byTimestamp = await metric(intel, org, 'judgement/metric/histogram', { 'aggregate-on': 'timestamp', granularity: 'day', from: '2025-05-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' })
  t.same(byTimestamp.body.data, { timestamp: [{ key: '2025-06-01T00:00:00.000Z', value: 1 }] }, 'its timestamp is in the window, though it was created later')
  const aroundNow = await metric(intel, org, 'judgement/metric/histogram', { 'aggregate-on': 'timestamp', granularity: 'day', from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' })
  t.same(aroundNow.body.data, { timestamp: [] }, 'created in the window, but its timestamp is not')

  await create(intel, org, 'sighting', sighting({ observed_time: { start_time: '2026-02-10T08:00:00.000Z' } }))
  const february = { granularity: 'day', from: '2026-02-01T00:00:00.000Z', to: '2026-02-20T00:00:00.000Z' }
  t.same((await metric(intel, org, 'sighting/metric/histogram', { 'aggregate-on': 'observed_time.start_time', ...february })).body.data,
    { observed_time: { start_time: [{ key: '2026-02-10T00:00:00.000Z', value: 1 }] } }, 'a sighting by when it was observed')
  t.same((await metric(intel, org, 'sighting/metric/histogram', { 'aggregate-on': 'timestamp', ...february })).body.data,
    { timestamp: [] }, 'the same window on its timestamp holds nothing')
})

t.test('from is included, to excluded, and to defaults to now', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement())
  const at = (params: Record<string, string>) => metric(intel, org, 'judgement/metric/cardinality', { 'aggregate-on': 'observable.value', ...params })
  t.same((await at({ from: T0, to: '2026-03-02T10:00:00.001Z' })).body.data, { observable: { value: 1 } }, 'created at from: counted')
  t.same((await at({ from: '2026-03-01T00:00:00.000Z', to: T0 })).body.data, { observable: { value: 0 } }, 'created at to: not counted')
  const untilNow = await at({ from: '2026-03-01T00:00:00.000Z' })
  t.same(untilNow.body.filters, { from: '2026-03-01T00:00:00.000Z', to: T0 }, 'without to, the window ends now')
  t.same(untilNow.body.data, { observable: { value: 0 } }, 'so an entity created this very instant is not yet counted')
  await intel.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '1ms' } })
  t.same((await at({ from: '2026-03-01T00:00:00.000Z' })).body.data, { observable: { value: 1 } }, 'a millisecond later it is')

  const reversed = await at({ from: '2026-03-03T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' })
  t.same([reversed.status, reversed.body.data], [200, { observable: { value: 0 } }], 'from after to: an empty window, not an error')
})

t.test('the window spans at most the year before to, and the answer reports the window used', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement({ timestamp: '2025-01-15T10:00:00.000Z' }))
  await create(intel, org, 'judgement', judgement({ timestamp: '2025-06-15T10:00:00.000Z' }))
  const histogram = await metric(intel, org, 'judgement/metric/histogram', { 'aggregate-on': 'timestamp', granularity: 'month', from: '2020-01-01T00:00:00.000Z', priority: '95' })
  t.same(histogram.body.filters, { from: '2025-03-02T10:00:00.000Z', to: T0, priority: '95' }, 'from is moved up to a year before now')
  t.same(histogram.body.data, { timestamp: [{ key: '2025-06-01T00:00:00.000Z', value: 1 }] }, 'the older judgement falls outside')
  const leap = await metric(intel, org, 'judgement/metric/topn', { 'aggregate-on': 'severity', from: '2020-01-01T00:00:00.000Z', to: '2028-02-29T12:00:00.000Z', query: 'priority:95' })
  t.same(leap.body.filters, { from: '2027-02-28T12:00:00.000Z', to: '2028-02-29T12:00:00.000Z', 'full-text': [{ query: 'priority:95', query_mode: 'query_string' }] },
    'a year before the 29th of February is the 28th; a query is reported as full-text')
})

t.test('a histogram lists the empty buckets between its first and last, in the zone asked for', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement({ timestamp: '2026-02-01T23:00:00.000Z' }))
  await create(intel, org, 'judgement', judgement({ timestamp: '2026-02-03T10:00:00.000Z' }))
  const window = { 'aggregate-on': 'timestamp', granularity: 'day', from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' }
  t.same((await metric(intel, org, 'judgement/metric/histogram', window)).body.data.timestamp, [
    { key: '2026-02-01T00:00:00.000Z', value: 1 }, { key: '2026-02-02T00:00:00.000Z', value: 0 }, { key: '2026-02-03T00:00:00.000Z', value: 1 },
  ])
  t.same((await metric(intel, org, 'judgement/metric/histogram', { ...window, timezone: '+02:00' })).body.data.timestamp, [
    { key: '2026-02-02T00:00:00.000+02:00', value: 1 }, { key: '2026-02-03T00:00:00.000+02:00', value: 1 },
  ], '23:00 UTC is the next day at +02:00')
})

t.test('an incident average filters on created and reports how many incidents it averaged', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'incident', { status: 'New', confidence: 'High', incident_time: { opened: '2025-01-01T00:00:00.000Z' }, timestamp: '2025-01-01T00:00:00.000Z' })
  const average = await metric(intel, org, 'incident/metric/average', { 'aggregate-on': 'intervals.new_to_opened', from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' })
  t.same([average.status, average.body], [200, { type: 'avg', filters: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }, data: { intervals: { new_to_opened: null } } }])
  t.equal(average.hits, '0', 'only incidents that have the interval count')
})
