// The AsyncOS message-tracking search as two SQL statements (the window's count and one page, newest first), run
// through kit's preparedQuery: Prisma's query building and row mapping were about half of the search's CPU.
// Search columns are lowercased, lists are stored as "\na\nb\n", and a value's LIKE wildcards are escaped.
import type { MessageCriteria, Page, TextFilter } from '../domain/message-tracking.ts'
import { likeLiteral, windowOf, type Query } from './tracked-message-sql.ts'

// Statements are named (prepared once per connection) for the shapes calls repeat: up to two filters besides the
// window. More vary too much to keep a statement for each.
const MAX_NAMED_FILTERS = 2

type Param = (value: unknown) => string
// Short, as Postgres keeps 63 characters of a statement's name.
const OP = { is: '=', begins_with: '^', contains: '~' } as const

/** begins_with / contains as a LIKE pattern of the escaped value. */
const partial = (f: TextFilter) => (f.op === 'begins_with' ? `${likeLiteral(f.value)}%` : `%${likeLiteral(f.value)}%`)

/** On a lowercased column: "is" is a plain (indexable) equality, the others a LIKE. */
function scalarText(column: string, f: TextFilter, param: Param): string {
  return f.op === 'is' ? `"${column}" = ${param(f.value)}` : `"${column}" LIKE ${param(partial(f))}`
}

/** On a "\na\nb\n" list: "is" is a whole entry, "begins_with" an entry's start. */
function listText(column: string, f: TextFilter, param: Param): string {
  const value = likeLiteral(f.value)
  const pattern = f.op === 'is' ? `%\n${value}\n%` : f.op === 'begins_with' ? `%\n${value}%` : `%${value}%`
  return `"${column}" LIKE ${param(pattern)}`
}

/** On a column kept as sent (Reply-To): compared case-insensitively, "is" too (ILIKE of the escaped value). */
function insensitiveText(column: string, f: TextFilter, param: Param): string {
  return `"${column}" ILIKE ${param(f.op === 'is' ? likeLiteral(f.value) : partial(f))}`
}

/** The WHERE clause's conditions past the appliance and window, each named for the statement's name. */
function filters(c: MessageCriteria, param: Param): Array<[name: string, sql: string]> {
  const out: Array<[string, string]> = []
  if (c.sender) out.push([`sender${OP[c.sender.op]}`, scalarText('senderSearch', c.sender, param)])
  if (c.recipient) out.push([`recipient${OP[c.recipient.op]}`, listText('recipientsSearch', c.recipient, param)])
  if (c.subject) out.push([`subject${OP[c.subject.op]}`, scalarText('subjectSearch', c.subject, param)])
  if (c.attachmentName) out.push([`attachment${OP[c.attachmentName.op]}`, listText('attachmentNamesSearch', c.attachmentName, param)])
  if (c.senderDomain) out.push([`senderDomain${OP[c.senderDomain.op]}`, scalarText('senderDomain', c.senderDomain, param)])
  if (c.replyTo) out.push([`replyTo${OP[c.replyTo.op]}`, insensitiveText('replyTo', c.replyTo, param)])
  if (c.senderIp) out.push(['senderIp', `"senderIp" = ${param(c.senderIp)}`])
  if (c.messageId) out.push(['messageId', `"messageIdSearch" = ${param(c.messageId)}`])
  if (c.mid !== undefined) out.push(['mid', `"mid" = ${param(c.mid)}`])
  if (c.sha256) out.push(['sha256', `"attachmentSha256s" @> ARRAY[${param(c.sha256)}]::text[]`])
  if (c.direction) out.push(['direction', `"direction" = ${param(c.direction)}`])
  if (c.deliveryStatusPrefix) out.push(['deliveryStatus', `"deliveryStatus" ILIKE ${param(`${likeLiteral(c.deliveryStatusPrefix)}%`)}`])
  return out
}

/** The window's total and one page of it; `selectList` is the quoted columns a page reads. */
export function messageSearchStatements(c: MessageCriteria, page: Page, selectList: string): { count: Query; page: Query } {
  const { values, condition: inWindow } = windowOf(c)
  const param = (value: unknown) => `$${values.push(value)}`
  const conditions = filters(c, param)
  const where = `WHERE ${inWindow}
      ${conditions.map(([, sql]) => `AND ${sql}`).join('\n      ')}`
  const shape = conditions.length <= MAX_NAMED_FILTERS ? conditions.map(([name]) => name).join(',') : undefined
  const name = (kind: string) => (shape === undefined ? {} : { name: `esa-message-${kind}:${shape}` })
  const filterValues = values.slice()
  const pageText = `SELECT ${selectList} FROM "TrackedMessage" ${where}
    ORDER BY "timestamp" DESC, "mid" DESC
    OFFSET ${param(page.offset)} LIMIT ${param(page.limit)}`
  return {
    count: { statement: { ...name('count'), text: `SELECT count(*)::int AS "total" FROM "TrackedMessage" ${where}` }, values: filterValues },
    page: { statement: { ...name('page'), text: pageText }, values },
  }
}
