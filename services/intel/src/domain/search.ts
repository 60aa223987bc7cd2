// Search over one family's documents, as CTIA's `search` routes answer: the Lucene `query`, field filters, a
// `from`/`to` window on `timestamp`, sorting, offset or search_after paging, and `fields` selection.
import { invalidQuery } from './errors.ts'
import { LuceneSyntaxError, parseLucene, type LuceneQuery } from './lucene.ts'
import { matchesLucene, valuesAt } from './lucene-match.ts'
import { selectFields } from './entity-defaults.ts'
import { fieldFilter, luceneFilter, type EntityFilter } from './search-filter.ts'

type Doc = Record<string, unknown>

export interface SearchParams {
  query?: string
  simple_query?: string
  filters?: Record<string, string>
  from?: string
  to?: string
  sort_by?: string
  sort_order?: string
  limit?: number
  offset?: number
  search_after?: string[]
  fields?: string[]
}

export interface SearchPage {
  hits: Doc[]
  total: number
  /** Query strings of the next and previous pages (X-Next, X-Previous), and the last hit's sort values (X-Sort). */
  next?: string
  previous?: string
  sort?: unknown[]
}

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 10_000
/** Elasticsearch's `index.max_result_window`: ductile offers no previous page reaching past it. */
const MAX_RESULT_WINDOW = 10_000

export function parseQuery(text: string): LuceneQuery {
  try {
    return parseLucene(text)
  } catch (error) {
    if (error instanceof LuceneSyntaxError) throw invalidQuery(error.message)
    throw error
  }
}

function equalsFilter(doc: Doc, field: string, wanted: string): boolean {
  return valuesAt(doc, field.split('.')).some((leaf) => String(leaf).toLowerCase() === wanted.toLowerCase())
}

interface Criteria {
  queries: LuceneQuery[]
  filters: [string, string][]
  from?: number
  to?: number
}

function criteria(params: SearchParams): Criteria {
  const queries = [params.query, params.simple_query].filter((q): q is string => q !== undefined && q.trim() !== '').map(parseQuery)
  const from = params.from ? Date.parse(params.from) : undefined
  const to = params.to ? Date.parse(params.to) : undefined
  if (from !== undefined && Number.isNaN(from)) throw invalidQuery(`from is not a date: ${params.from}`)
  if (to !== undefined && Number.isNaN(to)) throw invalidQuery(`to is not a date: ${params.to}`)
  return { queries, filters: Object.entries(params.filters ?? {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }
}

/** Whether some date-time at `field` lies in [from, to), as Elasticsearch's range on a date field (milliseconds). */
function inWindow(doc: Doc, field: string, from: number | undefined, to: number | undefined): boolean {
  const at = field === 'timestamp' ? [Date.parse(String(doc.timestamp ?? ''))] : valuesAt(doc, field.split('.')).filter(isDateTime).map((v) => Date.parse(v))
  return at.some((t) => !Number.isNaN(t) && (from === undefined || t >= from) && (to === undefined || t < to))
}

/** A predicate for the documents a search (or a count, or a delete by search) selects; `from`/`to` bound `dateField`. */
export function matcher(params: SearchParams, dateField = 'timestamp'): (doc: Doc) => boolean {
  const { queries, filters, from, to } = criteria(params)
  return (doc) => {
    if (!queries.every((q) => matchesLucene(doc, q))) return false
    if (!filters.every(([field, value]) => equalsFilter(doc, field, value))) return false
    return (from === undefined && to === undefined) || inWindow(doc, dateField, from, to)
  }
}

/** The same selection as `matcher`, as a filter the store runs in the database. */
export function searchFilter(params: SearchParams, dateField = 'timestamp'): EntityFilter {
  const { queries, filters, from, to } = criteria(params)
  const items = [...queries.map(luceneFilter), ...filters.map(([field, value]) => fieldFilter(field, value))]
  if (from !== undefined || to !== undefined) {
    items.push({ kind: 'window', field: dateField, ...(from !== undefined ? { from: new Date(from) } : {}), ...(to !== undefined ? { to: new Date(to) } : {}) })
  }
  return items.length === 0 ? { kind: 'all' } : items.length === 1 ? items[0]! : { kind: 'and', items }
}

/** A field hits are ordered by; `tieBreak` keys order equal hits but are not the caller's, so X-Sort leaves them out. */
export interface SortKey { field: string; desc: boolean; tieBreak?: boolean }

/** CTIA's `default-sort` of each store (ctia-default.properties): what a search naming no `sort_by` is ordered by. */
const DEFAULT_SORT: Record<string, string> = { event: 'timestamp,id', relationship: 'created,id' }
const defaultSortOf = (type: string | undefined) => DEFAULT_SORT[type ?? ''] ?? 'timestamp,created,id'

/** The search with its family's default sort when it names none; CTIA sorts that ascending whatever `sort_order` says. */
export function withDefaultSort(params: SearchParams, type?: string): SearchParams {
  if (params.sort_by) return params
  return { ...params, sort_by: defaultSortOf(type).split(',').map((field) => `${field}:asc`).join(',') }
}

export function sortKeys(sortBy: string | undefined, sortOrder: string | undefined): SortKey[] {
  if (!sortBy) return defaultSortOf(undefined).split(',').map((field) => ({ field, desc: false }))
  const keys: SortKey[] = sortBy.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const [field, dir] = part.split(':')
    if (dir !== undefined && dir !== 'asc' && dir !== 'desc') throw invalidQuery(`Invalid sort order ${dir} for ${field}`)
    return { field: field!, desc: (dir ?? sortOrder ?? 'asc') === 'desc' }
  })
  // CTIA sorts by exactly the fields named, and X-Sort reports those; the id only keeps equal hits in a stable order.
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', desc: false, tieBreak: true })
  return keys
}

/** An id sorts by its last path segment, as CTIA's Elasticsearch holds it (`judgement-<uuid>`, not the whole URL). */
const shortIdOf = (id: string): string => id.slice(id.lastIndexOf('/') + 1)

function sortValue(doc: Doc, field: string): string | number | undefined {
  const value = valuesAt(doc, field.split('.'))[0]
  if (field === 'id' && typeof value === 'string') return shortIdOf(value)
  return typeof value === 'number' ? value : value === undefined ? undefined : String(value)
}

// A CTIM date-time (`timestamp`, `created`, `observed_time.start_time`...), as CTIA's Elasticsearch keeps dates.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
export const isDateTime = (value: unknown): value is string => typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))

/** A hit's sort value as X-Sort reports it: dates in epoch milliseconds, as Elasticsearch gives them. */
function reportedSortValue(doc: Doc, field: string): string | number | null {
  const value = sortValue(doc, field)
  return isDateTime(value) ? Date.parse(value) : value ?? null
}

function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0
  if (a === undefined) return 1
  if (b === undefined) return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const [x, y] = [String(a), String(b)]
  return x < y ? -1 : x > y ? 1 : 0
}

function comparator(keys: SortKey[]) {
  return (a: Doc, b: Doc): number => {
    for (const key of keys) {
      const c = compareValues(sortValue(a, key.field), sortValue(b, key.field))
      if (c !== 0) return key.desc ? -c : c
    }
    return 0
  }
}

function afterCursor(keys: SortKey[], cursor: string[]) {
  return (doc: Doc): boolean => {
    for (const [i, key] of keys.entries()) {
      if (i >= cursor.length) return false
      const stored = sortValue(doc, key.field)
      const raw = cursor[i]!
      const numeric = raw.trim() !== '' && !Number.isNaN(Number(raw))
      // A date is after a cursor in epoch milliseconds (what X-Sort reported) by its own epoch milliseconds.
      const mine = numeric && isDateTime(stored) ? Date.parse(stored) : stored
      const theirs = typeof mine === 'number' && numeric ? Number(raw) : raw
      const c = compareValues(mine, theirs)
      if (c !== 0) return key.desc ? c < 0 : c > 0
    }
    return false
  }
}

/** Next or previous page parameters as ring's form-encode writes ductile's map: a missing sort value as empty. */
function pageQuery(limit: number, offset: number, searchAfter?: unknown[]): string {
  const params = new URLSearchParams({ limit: String(limit), offset: String(offset) })
  for (const value of searchAfter ?? []) params.append('search_after', value === null || value === undefined ? '' : String(value))
  return params.toString()
}

interface Paging { limit: number; offset: number; keys: SortKey[]; cursor: boolean }

const hasCursor = (params: SearchParams) => (params.search_after?.length ?? 0) > 0

function paging(params: SearchParams): Paging {
  const cursor = hasCursor(params)
  return {
    limit: Math.min(Math.max(params.limit ?? DEFAULT_LIMIT, 0), MAX_LIMIT),
    // ductile's params->pagination reads from 0 whenever search_after is given: the cursor alone places the page.
    offset: cursor ? 0 : Math.max(params.offset ?? 0, 0),
    keys: sortKeys(params.sort_by, params.sort_order),
    cursor,
  }
}

/** What the store needs to read one page of a search: the filter, the order, the cursor and the window. */
export interface EntitySelection extends Omit<Paging, 'cursor'> {
  filter: EntityFilter
  after?: string[]
}

/** The date field a family's search, count and delete by search bound with `from`/`to` (ctia.http.routes.crud). */
export const searchDateField = (type: string): string => (type === 'event' ? 'timestamp' : 'created')

export function selectionOf(params: SearchParams, dateField = 'timestamp'): EntitySelection {
  const { cursor: _cursor, ...window } = paging(params)
  const after = hasCursor(params) ? { after: params.search_after! } : {}
  return { filter: searchFilter(params, dateField), ...window, ...after }
}

/**
 * The answer for one page of `total` matches, with ductile's paging (`pagination/response`): X-Next carries the last
 * hit's sort values as search_after, and only an offset page, never a cursor page, has an X-Previous.
 */
export function pageOf(page: Doc[], total: number, params: SearchParams, view: (doc: Doc) => Doc = (doc) => doc): SearchPage {
  const { limit, offset, keys, cursor } = paging(params)
  const last = page[page.length - 1]
  const sort = last ? keys.filter((key) => !key.tieBreak).map((key) => reportedSortValue(last, key.field)) : undefined
  const result: SearchPage = { hits: page.map((doc) => selectFields(view(doc), params.fields)), total }
  // A cursor page cannot know what lies beyond it, so a full one always points further.
  if (cursor ? page.length === limit : total > offset + limit) result.next = pageQuery(limit, offset + limit, sort)
  if (!cursor && offset > 0 && offset + limit < MAX_RESULT_WINDOW) result.previous = pageQuery(limit, Math.max(offset - limit, 0))
  if (sort) result.sort = sort
  return result
}

/** One page of the documents `params` selects, in order, with the paging CTIA's headers report (in memory). */
export function searchDocuments(docs: Doc[], params: SearchParams, view: (doc: Doc) => Doc = (doc) => doc): SearchPage {
  const { limit, offset, keys, cursor } = paging(params)
  const matched = docs.filter(matcher(params)).sort(comparator(keys))
  const after = cursor ? matched.filter(afterCursor(keys, params.search_after!)) : matched
  return pageOf(after.slice(offset, offset + limit), matched.length, params, view)
}
