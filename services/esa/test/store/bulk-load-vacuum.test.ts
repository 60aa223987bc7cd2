// After a bulk load: always a VACUUM (the AsyncOS count's index-only scan needs the new pages all-visible), and fresh
// statistics only when the load changes the table noticeably, so a load into a table of millions does not pay for
// ANALYZE's sample of the whole table every time.
import t from 'tap'
import { vacuumAfterLoad } from '../../src/store/tracked-messages.ts'

t.test('a table the planner never counted gets statistics', async (t) => {
  t.equal(vacuumAfterLoad(1_000, -1), 'VACUUM (ANALYZE) "TrackedMessage"')
})

t.test('a load of a tenth of the table or more refreshes the statistics', async (t) => {
  t.equal(vacuumAfterLoad(10_000, 0), 'VACUUM (ANALYZE) "TrackedMessage"')
  t.equal(vacuumAfterLoad(10_000, 100_000), 'VACUUM (ANALYZE) "TrackedMessage"')
})

t.test('a small share of a large table is vacuumed without ANALYZE', async (t) => {
  t.equal(vacuumAfterLoad(10_000, 100_001), 'VACUUM "TrackedMessage"')
  t.equal(vacuumAfterLoad(10_000, 1_850_000), 'VACUUM "TrackedMessage"')
})
