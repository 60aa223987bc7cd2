// The message-tracking search's SQL: every value travels as a parameter, never inside the statement's text.
import t from 'tap'
import type { MessageCriteria, TextFilter } from '../../src/domain/message-tracking.ts'
import { messageSearchStatements } from '../../src/store/message-search-sql.ts'

const WINDOW = { applianceId: 'esa-1', from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') }
const PAGE = { offset: 0, limit: 100 }
const HOSTILE = `x'; DROP TABLE "TrackedMessage"; --`
const OPS: TextFilter['op'][] = ['is', 'begins_with', 'contains']

// Every single filter the search knows, with each text operator.
const FILTERS: Array<Partial<MessageCriteria>> = [
  ...(['sender', 'recipient', 'subject', 'attachmentName', 'senderDomain', 'replyTo'] as const)
    .flatMap((key) => OPS.map((op) => ({ [key]: { op, value: HOSTILE } }))),
  { senderIp: HOSTILE }, { messageId: HOSTILE }, { mid: 7 }, { sha256: HOSTILE }, { direction: HOSTILE }, { deliveryStatusPrefix: HOSTILE },
]

t.test('no value is written into the SQL text', async (t) => {
  const leaking = FILTERS.filter((filter) => {
    const { count, page } = messageSearchStatements({ ...WINDOW, ...filter }, PAGE, '"mid"')
    return count.text.includes('DROP') || page.text.includes('DROP')
  })
  t.same(leaking, [])
})

t.test('the count reads the same rows as the page, without the paging values', async (t) => {
  const { count, page } = messageSearchStatements({ ...WINDOW, subject: { op: 'contains', value: '50%_off' } }, { offset: 20, limit: 10 }, '"mid"')
  t.same(count.values, ['esa-1', '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '%50\\%\\_off%'])
  t.same(page.values, [...count.values, 20, 10])
})
