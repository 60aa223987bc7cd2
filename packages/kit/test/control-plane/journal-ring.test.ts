// The journal's ring on its own: order, ids and every field survive wrapping around and clearing one org.
import t from 'tap'
import { Journal, type JournalRecord } from '../../src/control-plane/journal.ts'

const OWNER = { service: 'ctr', region: 'NAM' }
const record = (i: number, org?: string, extra: Partial<JournalRecord> = {}): JournalRecord => ({
  at: new Date(Date.UTC(2026, 10, 28, 12, 0, i)), method: 'POST', url: `/things/${i}?q=${i}`,
  status: 200 + i, org, durationMs: i / 10, ...extra,
})

t.test('a full ring keeps the newest entries, oldest first, with every field', async (t) => {
  const journal = new Journal(3, OWNER)
  for (let i = 1; i <= 5; i++) journal.add(record(i, i % 2 ? 'org-a' : 'org-b'))
  t.same(journal.all(), [3, 4, 5].map((i) => ({
    id: i, at: `2026-11-28T12:00:0${i}.000Z`, service: 'ctr', region: 'NAM', method: 'POST', path: `/things/${i}`,
    status: 200 + i, org: i % 2 ? 'org-a' : 'org-b', durationMs: i / 10,
  })))
})

t.test('clearing one org keeps the others in order, and ids go on from where they were', async (t) => {
  const journal = new Journal(4, OWNER)
  for (let i = 1; i <= 6; i++) journal.add(record(i, i % 2 ? 'org-a' : 'org-b'))
  t.equal(journal.clear('org-a'), 2)
  t.same(journal.all().map((e) => e.id), [4, 6])
  for (let i = 7; i <= 9; i++) journal.add(record(i, 'org-c'))
  t.same(journal.all().map((e) => [e.id, e.org]), [[6, 'org-b'], [7, 'org-c'], [8, 'org-c'], [9, 'org-c']], 'the ring wraps after a clear')
  t.equal(journal.clear(), 4)
  t.same(journal.all(), [])
  journal.add(record(10))
  t.same(journal.all().map((e) => e.id), [10])
})

t.test('a fault and a note are kept with their entry only', async (t) => {
  const journal = new Journal(2, OWNER)
  journal.add(record(1, 'org-a', { status: 0, fault: { id: 'fault-1', type: 'reset' }, note: 'why' }))
  journal.add(record(2, 'org-a'))
  journal.add(record(3, 'org-a'))
  const [second, third] = journal.all()
  t.notOk('fault' in second! || 'note' in second!, 'a reused slot does not keep the earlier fault')
  t.same(journal.list({ hasFault: true }), [])
  t.equal(third!.status, 203)
  const fresh = new Journal(2, OWNER)
  fresh.add(record(1, 'org-a', { status: 0, fault: { id: 'fault-1', type: 'reset' }, note: 'why' }))
  t.match(fresh.all()[0], { status: 0, fault: { id: 'fault-1', type: 'reset' }, note: 'why' })
})
