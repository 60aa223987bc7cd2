// The message-tracking search's prepared statements: two shapes sharing a name would run one shape's SQL for the
// other's values, so each shape needs a name of its own that Postgres keeps whole (63 characters). That values are
// matched as text, never run, is routes/message-tracking.test.ts's to show.
import t from 'tap'
import type { MessageCriteria, TextFilter } from '../../src/domain/message-tracking.ts'
import { messageSearchStatements } from '../../src/store/message-search-sql.ts'

const WINDOW = { applianceId: 'esa-1', from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') }
const PAGE = { offset: 0, limit: 100 }
const VALUE = 'x'
const OPS: TextFilter['op'][] = ['is', 'begins_with', 'contains']

// Every single filter the search knows, with each text operator.
const FILTERS: Array<Partial<MessageCriteria>> = [
  ...(['sender', 'recipient', 'subject', 'attachmentName', 'senderDomain', 'replyTo'] as const)
    .flatMap((key) => OPS.map((op) => ({ [key]: { op, value: VALUE } }))),
  { senderIp: VALUE }, { messageId: VALUE }, { mid: 7 }, { sha256: VALUE }, { direction: VALUE }, { deliveryStatusPrefix: VALUE },
]

t.test('each shape of up to two filters has its own prepared statement, named within 63 characters', async (t) => {
  const shapes = [{}, ...FILTERS, ...FILTERS.flatMap((a, i) => FILTERS.slice(i + 1).map((b) => ({ ...a, ...b })))]
  const names = new Set(shapes.flatMap((shape) => {
    const { count, page } = messageSearchStatements({ ...WINDOW, ...shape }, PAGE, '"mid"')
    return [count.statement.name, page.statement.name]
  }))
  t.same([...names].filter((name) => !name || name.length > 63), [])
  // Two filters on the same key merge into one, so count distinct criteria shapes rather than pairs.
  const distinct = new Set(shapes.map((s) => JSON.stringify(Object.entries(s).map(([k, v]) => [k, (v as TextFilter).op]))))
  t.equal(names.size, 2 * distinct.size)
})

t.test('more filters than that are sent unnamed (one-off plans)', async (t) => {
  const { count, page } = messageSearchStatements({ ...WINDOW, senderIp: '1.2.3.4', mid: 1, direction: 'incoming' }, PAGE, '"mid"')
  t.equal(count.statement.name, undefined)
  t.equal(page.statement.name, undefined)
})

t.test('the count reads the same rows as the page, without the paging values', async (t) => {
  const { count, page } = messageSearchStatements({ ...WINDOW, subject: { op: 'contains', value: '50%_off' } }, { offset: 20, limit: 10 }, '"mid"')
  t.same(count.values, ['esa-1', '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '%50\\%\\_off%'])
  t.same(page.values, [...count.values, 20, 10])
})
