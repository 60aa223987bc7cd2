// The AsyncOS message-tracking search as two SQL statements (the window's count and one page, newest first), because
// its filters are LIKE patterns over lowercased columns and "\na\nb\n" lists whose wildcards must be escaped.
import type { MessageCriteria, Page, TextFilter } from '../domain/message-tracking.ts'
import { likeLiteral, windowOf, type Query } from './tracked-message-sql.ts'

type Param = (value: unknown) => string
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

/** The WHERE clause's conditions past the appliance and window. */
function filters(c: MessageCriteria, param: Param): string[] {
  const out: string[] = []
  if (c.sender) out.push(scalarText('senderSearch', c.sender, param))
  if (c.recipient) out.push(listText('recipientsSearch', c.recipient, param))
  if (c.subject) out.push(scalarText('subjectSearch', c.subject, param))
  if (c.attachmentName) out.push(listText('attachmentNamesSearch', c.attachmentName, param))
  if (c.senderDomain) out.push(scalarText('senderDomain', c.senderDomain, param))
  if (c.replyTo) out.push(insensitiveText('replyTo', c.replyTo, param))
  if (c.senderIp) out.push(`"senderIp" = ${param(c.senderIp)}`)
  if (c.messageId) out.push(`"messageIdSearch" = ${param(c.messageId)}`)
  if (c.mid !== undefined) out.push(`"mid" = ${param(c.mid)}`)
  if (c.sha256) out.push(`"attachmentSha256s" @> ARRAY[${param(c.sha256)}]::text[]`)
  if (c.direction) out.push(`"direction" = ${param(c.direction)}`)
  if (c.deliveryStatusPrefix) out.push(`"deliveryStatus" ILIKE ${param(`${likeLiteral(c.deliveryStatusPrefix)}%`)}`)
  if (c.spamVerdicts) out.push(`"spamVerdict" = ANY(${param(c.spamVerdicts)}::text[])`)
  if (c.mailPolicy) {
    out.push(`EXISTS (SELECT 1 FROM unnest("mailPolicies") AS "policy" WHERE lower("policy") = ${param(c.mailPolicy.name)})`)
    if (c.mailPolicy.direction) out.push(`"direction" = ${param(c.mailPolicy.direction)}`)
  }
  return out
}

/** The window's total and one page of it; `selectList` is the quoted columns a page reads. */
export function messageSearchStatements(c: MessageCriteria, page: Page, selectList: string): { count: Query; page: Query } {
  const { values, condition: inWindow } = windowOf(c)
  const param = (value: unknown) => `$${values.push(value)}`
  const conditions = filters(c, param)
  const where = `WHERE ${inWindow}
      ${conditions.map((sql) => `AND ${sql}`).join('\n      ')}`
  const filterValues = values.slice()
  const pageText = `SELECT ${selectList} FROM "TrackedMessage" ${where}
    ORDER BY "timestamp" DESC, "mid" DESC
    OFFSET ${param(page.offset)} LIMIT ${param(page.limit)}`
  return {
    count: { text: `SELECT count(*)::int AS "total" FROM "TrackedMessage" ${where}`, values: filterValues },
    page: { text: pageText, values },
  }
}
