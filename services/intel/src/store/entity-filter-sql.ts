// A search's filter, order and cursor (domain/search-filter.ts) as SQL over IntelEntity. Matches are SQL/JSON path
// predicates on the `searchable` column, which its GIN index (jsonb_path_ops) serves for whole-value matches; ranges
// and sort keys read the document. Every value travels as a bound parameter; paths and patterns are JSON-quoted.
import { Prisma } from '@ctrmock/kit/db'
import type { EntityFilter, FieldPath, RangeBound } from '../domain/search-filter.ts'
import type { SortKey } from '../domain/search.ts'

const quote = (text: string) => JSON.stringify(text)

/** Text no stored document can hold (Postgres keeps neither NUL nor lone surrogates): it can match nothing. */
export const unstorable = (text: string) =>
  text.includes('\u0000') || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)

/** The leaves at a path, through arrays (lax mode unwraps them at each step), or every value below `root`. */
function leaves(root: string, path: FieldPath): string {
  if (path === undefined) return root ? `$.${quote(root)}.**` : '$.**'
  return `$${root ? `.${quote(root)}` : ''}${path.map((key) => `.${quote(key)}`).join('')}[*]`
}

/**
 * A path predicate on the lowercased leaves (`searchable`, indexed) or the words (`searchWords`): `filter` applied to
 * the leaves at `path`; FALSE for text no row can hold.
 */
function matches(form: 'values' | 'words', path: FieldPath, filter: string, ...texts: string[]): Prisma.Sql {
  if ([...(path ?? []), ...texts].some(unstorable)) return Prisma.sql`FALSE`
  const column = Prisma.raw(form === 'values' ? '"searchable"' : '"searchWords"')
  return Prisma.sql`${column} @? ${`${leaves(form === 'values' ? 'v' : '', path)} ? (${filter})`}::jsonpath`
}

/**
 * Text comparison with a bound that holds a NUL: no stored text does, so a text is below the bound exactly when it is
 * at most the part before the NUL, and never equal to it.
 */
function beforeNul(text: string): { text: string; cut: boolean } {
  const at = text.indexOf('\u0000')
  return at < 0 ? { text, cut: false } : { text: text.slice(0, at), cut: true }
}

/** A wildcard as a POSIX regular expression: `*` any run, `?` one character, everything else literal. */
function wildcardRegex(pattern: string, any: string, one: string): string {
  return [...pattern].map((c) => (c === '*' ? any : c === '?' ? one : /[A-Za-z0-9_]/.test(c) || c > '\u007f' ? c : `\\${c}`)).join('')
}

/** The numbers a leaf's text reads as, as JavaScript's Number does for decimal text. */
const NUMERIC = '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?\\s*$'

function compareBound(leaf: Prisma.Sql, bound: RangeBound, op: '>' | '<'): Prisma.Sql {
  const cmp = Prisma.raw(bound.inclusive ? `${op}=` : op)
  const cut = beforeNul(bound.text)
  const textCmp = cut.cut ? Prisma.raw(op === '>' ? '>' : '<=') : cmp
  const text = Prisma.sql`(${leaf} #>> '{}') COLLATE "C" ${textCmp} ${cut.text}`
  if (bound.number === undefined) return text
  return Prisma.sql`(CASE WHEN jsonb_typeof(${leaf}) = 'number' OR (${leaf} #>> '{}') ~ ${NUMERIC}
    THEN (${leaf} #>> '{}')::numeric ${cmp} ${bound.number}::numeric ELSE ${text} END)`
}

function range(path: string[], low: RangeBound | undefined, high: RangeBound | undefined): Prisma.Sql {
  const leaf = Prisma.sql`l.value`
  const conditions = [Prisma.sql`jsonb_typeof(${leaf}) IN ('string', 'number', 'boolean')`]
  if (low) conditions.push(compareBound(leaf, low, '>'))
  if (high) conditions.push(compareBound(leaf, high, '<'))
  return Prisma.sql`EXISTS (SELECT 1 FROM jsonb_path_query("document", ${leaves('', path)}::jsonpath) AS l(value) WHERE ${Prisma.join(conditions, ' AND ')})`
}

export function filterSql(filter: EntityFilter): Prisma.Sql {
  switch (filter.kind) {
    case 'all': return Prisma.sql`TRUE`
    case 'and': return Prisma.sql`(${Prisma.join(filter.items.map(filterSql), ' AND ')})`
    case 'or': return Prisma.sql`(${Prisma.join(filter.items.map(filterSql), ' OR ')})`
    case 'not': return Prisma.sql`NOT ${filterSql(filter.item)}`
    case 'exists': return matches('values', filter.path, '@.type() != "null"')
    case 'equals': return matches('values', filter.path, `@ == ${quote(filter.value)}`, filter.value)
    case 'phrase': return matches('words', filter.path, `@ like_regex ${quote(` ${filter.words.join(' ')} `)} flag "q"`)
    case 'wildcard': return filter.word
      ? matches('words', filter.path, `@ like_regex ${quote(` ${wildcardRegex(filter.pattern, '[^ ]*', '[^ ]')} `)}`, filter.pattern)
      : matches('values', filter.path, `@ like_regex ${quote(`^${wildcardRegex(filter.pattern, '.*', '.')}$`)} flag "s"`, filter.pattern)
    case 'range': return filter.path.some(unstorable) ? Prisma.sql`FALSE` : range(filter.path, filter.low, filter.high)
    case 'window': return filter.field === 'timestamp' ? timestampWindow(filter.from, filter.to) : dateWindow(filter.field, filter.from, filter.to)
  }
}

/** `timestamp` through its indexed column, which holds the document's when the `t` flag says so. */
function timestampWindow(from: Date | undefined, to: Date | undefined): Prisma.Sql {
  const bounds = [Prisma.sql`("searchable" -> 't') = 'true'::jsonb`]
  if (from) bounds.push(Prisma.sql`"timestamp" >= (${from.toISOString()}::timestamptz AT TIME ZONE 'UTC')`)
  if (to) bounds.push(Prisma.sql`"timestamp" < (${to.toISOString()}::timestamptz AT TIME ZONE 'UTC')`)
  return Prisma.sql`(${Prisma.join(bounds, ' AND ')})`
}

/**
 * Some date-time leaf at `field` in [from, to). The CASE casts only text in the date-time shape, as the sort cursor does;
 * entities' date-time fields passed the schema's date-time format when written, so such text is a valid time.
 */
function dateWindow(field: string, from: Date | undefined, to: Date | undefined): Prisma.Sql {
  if (unstorable(field)) return Prisma.sql`FALSE`
  const text = Prisma.sql`(l.value #>> '{}')`
  const at = Prisma.sql`date_trunc('milliseconds', ${text}::timestamptz)`
  const bounds = [Prisma.sql`TRUE`]
  if (from) bounds.push(Prisma.sql`${at} >= ${from.toISOString()}::timestamptz`)
  if (to) bounds.push(Prisma.sql`${at} < ${to.toISOString()}::timestamptz`)
  return Prisma.sql`EXISTS (SELECT 1 FROM jsonb_path_query("document", ${leaves('', field.split('.'))}::jsonpath) AS l(value)
    WHERE CASE WHEN jsonb_typeof(l.value) = 'string' AND ${text} ~ ${DATE_TIME_SQL}
      THEN ${Prisma.join(bounds, ' AND ')} ELSE FALSE END)`
}

/** A sort key's value: the first leaf at its path that is not null (absent: SQL NULL); an id, its last path segment. */
function sortValue(key: SortKey): Prisma.Sql {
  if (unstorable(key.field)) return Prisma.sql`NULL::jsonb`
  const value = Prisma.sql`jsonb_path_query_first("document", ${`${leaves('', key.field.split('.'))} ? (@.type() != "null")`}::jsonpath)`
  if (key.field !== 'id') return value
  // As domain/search.ts shortIdOf: CTIA's Elasticsearch holds the short id, so X-Sort and search_after carry that.
  return Prisma.sql`(CASE WHEN jsonb_typeof(${value}) = 'string' THEN to_jsonb(regexp_replace(${value} #>> '{}', '^.*/', '')) ELSE ${value} END)`
}

/** Numbers in numeric order, other values by their text in code point order; absent values last (first descending). */
export function orderSql(keys: SortKey[]): Prisma.Sql {
  return Prisma.join(keys.map((key) => {
    const value = sortValue(key)
    const dir = Prisma.raw(key.desc ? 'DESC NULLS FIRST' : 'ASC NULLS LAST')
    return Prisma.sql`(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value})::numeric END) ${dir}, (${value} #>> '{}') COLLATE "C" ${dir}`
  }), ', ')
}

// The date-times isDateTime (domain/search.ts) recognises, as a POSIX regular expression.
const DATE_TIME_SQL = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})$'
const epochMillis = (value: Prisma.Sql) => Prisma.sql`floor(extract(epoch from (${value} #>> '{}')::timestamptz) * 1000)`

/** -1, 0 or 1: a row's sort value against a search_after value, compared as the in-memory search does. */
function cursorCompare(key: SortKey, raw: string): Prisma.Sql {
  const value = sortValue(key)
  const n = Number(raw)
  // A date-time is compared with a cursor in epoch milliseconds (what X-Sort reports) by its own epoch milliseconds.
  const numeric = raw.trim() !== '' && !Number.isNaN(n)
    ? Prisma.sql`WHEN jsonb_typeof(${value}) = 'number' THEN sign((${value})::numeric - ${String(n)}::numeric)::int
      WHEN jsonb_typeof(${value}) = 'string' AND (${value} #>> '{}') ~ ${DATE_TIME_SQL} THEN sign(${epochMillis(value)} - ${String(n)}::numeric)::int`
    : Prisma.empty
  const cut = beforeNul(raw)
  const text = cut.cut
    ? Prisma.sql`WHEN (${value} #>> '{}') COLLATE "C" <= ${cut.text} THEN -1 ELSE 1`
    : Prisma.sql`WHEN (${value} #>> '{}') COLLATE "C" < ${raw} THEN -1 WHEN (${value} #>> '{}') COLLATE "C" > ${raw} THEN 1 ELSE 0`
  return Prisma.sql`(CASE WHEN ${value} IS NULL THEN 1 ${numeric} ${text} END)`
}

/** Rows after the search_after cursor in the order of `keys`. */
export function afterSql(keys: SortKey[], cursor: string[]): Prisma.Sql {
  const compared = keys.slice(0, cursor.length).map((key, i) => cursorCompare(key, cursor[i]!))
  const branches = compared.map((cmp, i) => {
    const ties = compared.slice(0, i).map((earlier) => Prisma.sql`${earlier} = 0`)
    const beyond = keys[i]!.desc ? Prisma.sql`${cmp} < 0` : Prisma.sql`${cmp} > 0`
    return Prisma.sql`(${Prisma.join([...ties, beyond], ' AND ')})`
  })
  return branches.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`(${Prisma.join(branches, ' OR ')})`
}
