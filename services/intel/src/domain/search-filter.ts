// What a search selects, as a small tree the store runs in the database against each row's searchable form
// (search-index.ts): the Lucene query, the field filters and the from/to window, with the same field semantics as
// the in-memory matcher (lucene-match.ts).
import type { LuceneQuery } from './lucene.ts'
import { TEXT_FIELDS, words } from './search-index.ts'

/** A dotted field as its segments; absent: any leaf of the document. */
export type FieldPath = string[] | undefined

export interface RangeBound {
  text: string
  /** The bound as a number, when it reads as one (then numeric leaves compare as numbers). */
  number?: string
  inclusive: boolean
}

export type EntityFilter =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; items: EntityFilter[] }
  | { kind: 'not'; item: EntityFilter }
  /** Some leaf at `path` that is not null. */
  | { kind: 'exists'; path: string[] }
  /** Some leaf whose lowercased text is `value`. */
  | { kind: 'equals'; path: FieldPath; value: string }
  /** Some leaf whose words include `words` in a row. */
  | { kind: 'phrase'; path: FieldPath; words: string[] }
  /** Some leaf whose lowercased text (or, with `word`, one of whose words) matches a `*`/`?` wildcard pattern. */
  | { kind: 'wildcard'; path: FieldPath; pattern: string; word: boolean }
  | { kind: 'range'; path: string[]; low?: RangeBound; high?: RangeBound }
  /** Some date-time at `field` (a dotted path) within [from, to), to the millisecond. */
  | { kind: 'window'; field: string; from?: Date; to?: Date }

const any = (items: EntityFilter[]): EntityFilter => (items.length === 1 ? items[0]! : { kind: 'or', items })

/** A pattern can match a single word only when its literal characters are word characters. */
const WORD_PATTERN = /^[\p{L}\p{N}_*?]+$/u

function termFilter(field: string | undefined, value: string, phrase: boolean): EntityFilter {
  if (field === 'id' && !/[*?]/.test(value)) return idFilter(value)
  const path = field?.split('.')
  const text = path === undefined || TEXT_FIELDS.has(path[path.length - 1]!)
  const wanted = value.toLowerCase()
  if (!phrase && /[*?]/.test(value)) {
    const whole: EntityFilter = { kind: 'wildcard', path, pattern: wanted, word: false }
    return text && WORD_PATTERN.test(wanted) ? any([whole, { kind: 'wildcard', path, pattern: wanted, word: true }]) : whole
  }
  const need = words(wanted)
  const exact: EntityFilter = { kind: 'equals', path, value: wanted }
  return text && need.length > 0 ? any([exact, { kind: 'phrase', path, words: need }]) : exact
}

function bound(text: string | undefined, inclusive: boolean): RangeBound | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  return { text, inclusive, ...(text.trim() !== '' && !Number.isNaN(n) ? { number: String(n) } : {}) }
}

export function luceneFilter(query: LuceneQuery): EntityFilter {
  switch (query.kind) {
    case 'all': return query
    case 'and':
    case 'or': return { kind: query.kind, items: query.items.map(luceneFilter) }
    case 'not': return { kind: 'not', item: luceneFilter(query.item) }
    case 'exists': return { kind: 'exists', path: query.field.split('.') }
    case 'term': return termFilter(query.field, query.value, query.phrase)
    case 'range': {
      const low = bound(query.low, query.lowInclusive)
      const high = bound(query.high, query.highInclusive)
      return { kind: 'range', path: query.field.split('.'), ...(low ? { low } : {}), ...(high ? { high } : {}) }
    }
  }
}

/** A field filter (`?priority=12`): the field's whole value, ignoring case. */
export const fieldFilter = (field: string, value: string): EntityFilter =>
  field === 'id' ? idFilter(value) : { kind: 'equals', path: field.split('.'), value: value.toLowerCase() }

/** An entity by its id: CTIA stores the short id (`judgement-<uuid>`), so either form finds it; documents here hold the long one. */
function idFilter(value: string): EntityFilter {
  const wanted = value.toLowerCase()
  const exact: EntityFilter = { kind: 'equals', path: ['id'], value: wanted }
  return /^[a-z][-a-z]+-[0-9a-f-]{36}$/.test(wanted) ? any([exact, { kind: 'wildcard', path: ['id'], pattern: `*/${wanted}`, word: false }]) : exact
}
