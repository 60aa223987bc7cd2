// An incident's status changes as CTIA records them: incident_time stamped by the status route, PATCH and PUT, and
// the intervals (whole seconds) that GET never shows but /ctia/incident/metric/average averages.
import t from 'tap'
import { buildTestApp, create, newOrg, shortId, T0, type TestIntel } from '../helper.ts'

const WINDOW = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' }
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString()

function incident(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'New', confidence: 'High', title: 'Phishing', incident_time: { opened: '2026-01-01T00:00:00.000Z' }, timestamp: T0, ...overrides }
}

async function advance(intel: TestIntel, duration: string): Promise<void> {
  await intel.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: duration } })
}

async function setStatus(intel: TestIntel, org: string, id: unknown, status: string): Promise<Record<string, unknown>> {
  const res = await intel.app.inject({ method: 'POST', url: `/ctia/incident/${shortId(id)}/status`, headers: intel.auth(org), payload: { status } })
  if (res.statusCode !== 200) throw new Error(`status ${status}: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function average(intel: TestIntel, org: string, interval: string): Promise<{ value: unknown; hits: unknown }> {
  const query = new URLSearchParams({ 'aggregate-on': `intervals.${interval}`, ...WINDOW })
  const res = await intel.app.inject({ method: 'GET', url: `/ctia/incident/metric/average?${query}`, headers: intel.auth(org) })
  return { value: res.json().data.intervals[interval], hits: res.headers['x-total-hits'] }
}

t.test('an incident moved New → Open → Closed has the intervals CTIA computes, in seconds', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const created = await create(intel, org, 'incident', incident())
  await advance(intel, '90s')
  const opened = await setStatus(intel, org, created.id, 'Open')
  t.same(opened.incident_time, { opened: at(90) }, 'New → Open stamps opened now, over the upstream value')
  await advance(intel, '1h')
  const closed = await setStatus(intel, org, created.id, 'Closed: False Positive')
  t.same(closed.incident_time, { opened: at(90), closed: at(3690) })
  t.notOk('intervals' in closed, 'the answer never shows the intervals')
  const read = await intel.app.inject({ method: 'GET', url: `/ctia/incident/${shortId(created.id)}`, headers: intel.auth(org) })
  t.notOk('intervals' in read.json(), 'nor does a GET')

  t.same(await average(intel, org, 'new_to_opened'), { value: 90, hits: '1' }, 'created to opened')
  t.same(await average(intel, org, 'opened_to_closed'), { value: 3600, hits: '1' }, 'opened to closed')
  t.same(await average(intel, org, 'new_to_contained'), { value: null, hits: '0' }, 'never contained')
})

t.test('the average metric over several incidents is the mean of their intervals, over those that have one', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const ids = []
  for (let i = 0; i < 4; i++) ids.push((await create(intel, org, 'incident', incident())).id)
  await advance(intel, '10s')
  await setStatus(intel, org, ids[0], 'Open')
  await advance(intel, '20s')
  await setStatus(intel, org, ids[1], 'Open: Investigating')
  await advance(intel, '30s')
  await setStatus(intel, org, ids[2], 'Open: Reported')
  t.same(await average(intel, org, 'new_to_opened'), { value: (10 + 30 + 60) / 3, hits: '3' }, 'the fourth, still New, is not counted')
  const other = newOrg()
  t.same(await average(intel, other, 'new_to_opened'), { value: null, hits: '0' }, 'another org averages its own incidents only')
})

t.test('Open: Contained stamps opened and contained; a reopened incident keeps its opening time and re-closing recomputes opened_to_closed', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const created = await create(intel, org, 'incident', incident())
  await advance(intel, '5m')
  const contained = await setStatus(intel, org, created.id, 'Open: Contained')
  t.same(contained.incident_time, { opened: at(300), contained: at(300) })
  t.same(await average(intel, org, 'new_to_contained'), { value: 300, hits: '1' })
  t.same(await average(intel, org, 'new_to_opened'), { value: 300, hits: '1' }, 'New → Open: Contained is an opening too')

  await advance(intel, '100s')
  await setStatus(intel, org, created.id, 'Closed')
  t.same(await average(intel, org, 'opened_to_closed'), { value: 100, hits: '1' })
  await advance(intel, '100s')
  const reopened = await setStatus(intel, org, created.id, 'Open')
  t.equal((reopened.incident_time as Record<string, unknown>).opened, at(300), 'Closed → Open keeps the first opening')
  await advance(intel, '100s')
  const reclosed = await setStatus(intel, org, created.id, 'Closed: Confirmed Threat')
  t.equal((reclosed.incident_time as Record<string, unknown>).closed, at(600), 're-closing stamps closed again')
  t.same(await average(intel, org, 'opened_to_closed'), { value: 300, hits: '1' }, 'from the first opening to the last closing')

  const same = await setStatus(intel, org, created.id, 'Closed: Confirmed Threat')
  t.same(same.incident_time, reclosed.incident_time, 'the same status again changes nothing')
})

t.test('a status other than Open or Closed stamps what CTIA stamps for it', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const cases: [string, string[]][] = [
    ['Containment Achieved', ['remediated']], ['Restoration Achieved', ['remediated']], ['Rejected', ['rejected']],
    ['Incident Reported', ['reported']], ['Hold: Legal', []], ['Stalled', []],
  ]
  for (const [status, stamped] of cases) {
    const created = await create(intel, org, 'incident', incident())
    const changed = await setStatus(intel, org, created.id, status)
    t.same(Object.keys(changed.incident_time as object).sort(), ['opened', ...stamped].sort(), status)
  }
})

t.test('PATCH and PUT of the status stamp incident_time and compute the intervals as the status route does', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  const patched = await create(intel, org, 'incident', incident())
  const replaced = await create(intel, org, 'incident', incident())
  await advance(intel, '40s')
  const patch = await intel.app.inject({ method: 'PATCH', url: `/ctia/incident/${shortId(patched.id)}`, headers, payload: { status: 'Open' } })
  t.same(patch.json().incident_time, { opened: at(40) })
  await advance(intel, '40s')
  const body = { ...incident({ status: 'Open' }), incident_time: { opened: '2026-01-01T00:00:00.000Z', discovered: T0 } }
  const put = await intel.app.inject({ method: 'PUT', url: `/ctia/incident/${shortId(replaced.id)}`, headers, payload: body })
  t.same(put.json().incident_time, { opened: at(80), discovered: T0 }, 'the opening time is the server\'s, the other times the client\'s')
  t.same(await average(intel, org, 'new_to_opened'), { value: 60, hits: '2' })

  await advance(intel, '20s')
  const times = await intel.app.inject({ method: 'PATCH', url: `/ctia/incident/${shortId(patched.id)}`, headers, payload: { incident_time: { discovered: T0 } } })
  t.same(times.json().incident_time, { opened: at(40), discovered: T0 }, 'a PATCH merges incident_time field by field')
  t.same(await average(intel, org, 'new_to_opened'), { value: 60, hits: '2' }, 'an update without a status change keeps the intervals')
})

t.test('a bulk update stamps the status times but loses the intervals, as CTIA\'s bulk store writes without them', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const created = await create(intel, org, 'incident', incident())
  await advance(intel, '30s')
  await setStatus(intel, org, created.id, 'Open')
  t.same(await average(intel, org, 'new_to_opened'), { value: 30, hits: '1' })
  const bulk = await intel.app.inject({ method: 'PATCH', url: '/ctia/bulk', headers: intel.auth(org), payload: { incidents: [{ id: created.id, status: 'Closed' }] } })
  t.equal(bulk.statusCode, 200, bulk.body)
  const read = await intel.app.inject({ method: 'GET', url: `/ctia/incident/${shortId(created.id)}`, headers: intel.auth(org) })
  t.same(read.json().incident_time, { opened: at(30), closed: at(30) })
  t.same(await average(intel, org, 'new_to_opened'), { value: null, hits: '0' })
  t.same(await average(intel, org, 'opened_to_closed'), { value: null, hits: '0' })
})
