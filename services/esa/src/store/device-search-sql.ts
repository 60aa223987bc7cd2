// The device search (what SSE's proxy asks on every CTR enrich) as one SQL statement with $n parameters, because
// its OR over observables needs the same list and LIKE rules as the message-tracking search (message-search-sql.ts).
import type { DeviceSearchCriteria, ObservableMatch } from '../domain/device-search.ts'
import { likeLiteral, windowOf, type Query } from './tracked-message-sql.ts'

function condition(m: ObservableMatch, param: (value: unknown) => string): string {
  switch (m.field) {
    case 'subject': return `"subjectSearch" = ${param(m.value)}`
    case 'mid': return `"mid" = ${param(m.value)}`
    case 'email': {
      const value = param(m.value)
      return `("senderSearch" = ${value} OR "fromAddress" = ${value} OR "recipientsSearch" LIKE ${param(`%\n${likeLiteral(m.value)}\n%`)})`
    }
    case 'messageId': return `"messageIdSearch" = ${param(m.value)}`
    case 'senderIp': return `"senderIp" = ${param(m.value)}`
    case 'senderDomain': return `"senderDomain" = ${param(m.value)}`
    case 'sha256': return `"attachmentSha256s" @> ARRAY[${param(m.value)}]::text[]`
    case 'fileName': return `"attachmentNamesSearch" LIKE ${param(`%\n${likeLiteral(m.value)}\n%`)}`
  }
}

/** The statement and its values for criteria with at least one observable; `selectList` is the quoted columns read. */
export function deviceSearchStatement(c: DeviceSearchCriteria, selectList: string): Query {
  const { values, condition: inWindow } = windowOf(c)
  const param = (value: unknown) => `$${values.push(value)}`
  const any = c.any.map((m) => condition(m, param)).join(' OR ')
  const text = `SELECT ${selectList} FROM "TrackedMessage"
    WHERE ${inWindow}
      AND (${any})
    ORDER BY "timestamp" DESC, "mid" DESC
    LIMIT ${param(c.limit)}`
  return { text, values }
}
