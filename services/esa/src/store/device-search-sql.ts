// The device search (SSE's proxy's hot path: every CTR enrich) as one SQL statement with $n parameters, run through
// kit's preparedQuery. Same semantics as the message-tracking Where objects in tracked-messages.ts: lowercased search
// columns, lists stored as "\na\nb\n", LIKE wildcards in values escaped.
import type { Statement } from '@ctrmock/kit/db'
import type { DeviceSearchCriteria, ObservableMatch } from '../domain/device-search.ts'

// A statement is named (prepared once per connection) for the shapes calls repeat: one or two observables. Longer
// lists vary too much to keep a statement for each.
const MAX_NAMED_MATCHES = 2

/** A value inside a LIKE pattern, its wildcards escaped ("a_c" means a_c). */
export const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`)

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
export function deviceSearchStatement(c: DeviceSearchCriteria, selectList: string): { statement: Statement; values: unknown[] } {
  const values: unknown[] = [c.applianceId, c.from.toISOString(), c.to.toISOString()]
  const param = (value: unknown) => `$${values.push(value)}`
  const any = c.any.map((m) => condition(m, param)).join(' OR ')
  const text = `SELECT ${selectList} FROM "TrackedMessage"
    WHERE "applianceId" = $1
      AND "timestamp" >= ($2::timestamptz AT TIME ZONE 'UTC') AND "timestamp" <= ($3::timestamptz AT TIME ZONE 'UTC')
      AND (${any})
    ORDER BY "timestamp" DESC, "mid" DESC
    LIMIT ${param(c.limit)}`
  const named = c.any.length <= MAX_NAMED_MATCHES
  return { statement: { ...(named ? { name: `esa-device-search:${c.any.map((m) => m.field).join(',')}` } : {}), text }, values }
}
