// Bulk loads are how suites and the benchmark fill an appliance, so what they store must be exactly what the AsyncOS
// search then counts and finds, however many loads came before, and a load that fails must leave nothing behind.
import t from 'tap'
import type { EsaOrg } from '@ctrmock/types'
import { API, asOrg, buildTestApp, createOrg } from '../helper.ts'

const WINDOW = 'startDate=2026-03-01T00:00:00.000Z&endDate=2026-03-03T00:00:00.000Z'
const START = Date.parse('2026-03-01T00:00:00Z')

const app = await buildTestApp(t)

const messages = (from: number, count: number, tag: string) => Array.from({ length: count }, (_, i) => ({
  sender: `s${from + i}@example.com`, recipients: ['r@example.org'], subject: `${tag} ${from + i}`,
  timestamp: new Date(START + (from + i) * 1000).toISOString(),
}))
const load = (org: EsaOrg, batch: unknown[]) => app.inject({ method: 'POST', url: '/__mock/messages', payload: { applianceId: org.applianceId, messages: batch } })
const search = async (org: EsaOrg, query = '') => {
  const res = await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}&limit=1${query}`, headers: asOrg(org) })
  return res.json() as { meta: { totalCount: number }; data: Array<{ attributes: { mid: number[]; subject: string } }> }
}
const subject = (value: string) => `&subjectfilterOperator=is&subjectfilterValue=${encodeURIComponent(value)}`

t.test('successive bulk loads into a growing table are each counted and found, numbered without gaps', async (t) => {
  const org = await createOrg(app)
  const first = await load(org, messages(0, 12_000, 'first'))
  t.equal(first.statusCode, 201)
  t.same(first.json().mids.slice(-1), [12_000])
  t.equal((await search(org)).meta.totalCount, 12_000)

  // A load that is a small share of what the table already holds.
  const second = await load(org, messages(12_000, 1_000, 'second'))
  t.same(second.json().mids.slice(0, 1), [12_001], 'numbering continues after the first load')
  const all = await search(org)
  t.equal(all.meta.totalCount, 13_000, 'nothing of either load is lost')
  t.equal(all.data[0]!.attributes.subject, 'second 12999', 'the newest message is the second load\'s last')
  t.equal((await search(org, subject('first 11999'))).meta.totalCount, 1)
  t.equal((await search(org, subject('second 12000'))).meta.totalCount, 1)
})

t.test('a bulk load with a MID already taken stores none of its messages', async (t) => {
  const org = await createOrg(app)
  t.equal((await load(org, [{ ...messages(0, 1, 'kept')[0], mid: 7_000 }])).statusCode, 201)
  // Large enough to be inserted in more than one statement; the taken MID is in the last one.
  const colliding = messages(1, 6_999, 'refused').map((m, i) => ({ ...m, mid: 1_000 + i }))
  const refused = await load(org, colliding)
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { error: { code: '409' } }, 'the AsyncOS error shape')
  t.equal((await search(org)).meta.totalCount, 1, 'only the earlier message is there')
  t.equal((await search(org, '&subjectfilterOperator=begins_with&subjectfilterValue=refused')).meta.totalCount, 0)
  t.same((await load(org, messages(7_000, 1, 'next'))).json().mids, [7_001], 'numbering is untouched by the refused load')
})
