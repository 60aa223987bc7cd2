// CTIA's metric routes over one family: histogram (counts per day, week or month of a date field), topn (the most
// frequent values of a field), cardinality (how many distinct values) and average (incident intervals, in seconds).
import type { Actor, IntelContext } from './context.ts'
import type { EntityFamily } from './entity-families.ts'
import { valuesAt } from './lucene-match.ts'
import { isDateTime, searchFilter, type SearchParams } from './search.ts'
import { invalidQuery } from './errors.ts'

type Doc = Record<string, unknown>
export type MetricKind = 'histogram' | 'topn' | 'cardinality' | 'average'
export type Granularity = 'day' | 'week' | 'month'

export interface MetricParams {
  aggregateOn: string
  from: string
  to?: string
  granularity?: Granularity
  /** The histogram's zone, `+02:00`: buckets start at its midnights. */
  timezone?: string
  limit?: number
  sortOrder?: string
  search: SearchParams
}

export interface MetricResult {
  type: 'histogram' | 'topn' | 'avg' | 'cardinality'
  filters: Record<string, unknown>
  data: Record<string, unknown>
}

/** The result, and how many entities it was computed over (CTIA's X-Total-Hits). */
export interface Metric {
  result: MetricResult
  total: number
}

/**
 * The date field `from`/`to` bound: a histogram's own `aggregate-on`, every other metric the entity's `created`
 * (no CTIA family names another date field for its metrics, nor for an average field).
 */
export const metricDateField = (kind: MetricKind, aggregateOn: string): string => (kind === 'histogram' ? aggregateOn : 'created')

/** The same instant a calendar year earlier, the 29th of February becoming the 28th. */
function yearBefore(date: Date): Date {
  const d = new Date(date)
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  if (d.getUTCMonth() !== date.getUTCMonth()) d.setUTCDate(0)
  return d
}

/** `[from, to)` as CTIA narrows it: `to` defaults to now, and the window spans at most the year before `to`. */
export function metricWindow(from: string, to: string | undefined, now: Date): { from: Date; to: Date } {
  const end = to === undefined ? now : new Date(to)
  const start = new Date(from)
  if (Number.isNaN(start.getTime())) throw invalidQuery(`from is not a date: ${from}`)
  if (Number.isNaN(end.getTime())) throw invalidQuery(`to is not a date: ${String(to)}`)
  const earliest = yearBefore(end)
  return { from: start < earliest ? earliest : start, to: end }
}

/** A `±HH:MM` offset in minutes. */
function offsetMinutes(timezone: string | undefined): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(timezone ?? '+00:00')
  if (!match) return 0
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
}

/** A bucket's key as Elasticsearch writes it for a `date_time` field: local midnight with the zone's offset. */
function bucketKey(localStart: Date, timezone: string | undefined, offset: number): string {
  const local = localStart.toISOString().slice(0, -1)
  return offset === 0 ? `${local}Z` : `${local}${timezone}`
}

/** The start of the bucket holding `local` (a time shifted into the zone): its day, its Monday, its month's first. */
function bucketStart(local: Date, granularity: Granularity): Date {
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), granularity === 'month' ? 1 : local.getUTCDate()))
  if (granularity === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d
}

function nextBucket(start: Date, granularity: Granularity): Date {
  const d = new Date(start)
  if (granularity === 'month') d.setUTCMonth(d.getUTCMonth() + 1)
  else d.setUTCDate(d.getUTCDate() + (granularity === 'week' ? 7 : 1))
  return d
}

/**
 * Entities per bucket of their dates (the window selects entities; each of their dates counts, as Elasticsearch's
 * date_histogram counts them), listing every bucket between the first and the last, empty ones with 0.
 */
function histogram(docs: Doc[], p: MetricParams): { key: string; value: number }[] {
  const granularity = p.granularity ?? 'day'
  const offset = offsetMinutes(p.timezone)
  const counts = new Map<number, number>()
  for (const doc of docs) {
    const buckets = new Set<number>()
    for (const value of valuesAt(doc, p.aggregateOn.split('.'))) {
      if (isDateTime(value)) buckets.add(bucketStart(new Date(Date.parse(value) + offset * 60_000), granularity).getTime())
    }
    for (const bucket of buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1)
  }
  if (counts.size === 0) return []
  const last = Math.max(...counts.keys())
  const out: { key: string; value: number }[] = []
  for (let start = new Date(Math.min(...counts.keys())); start.getTime() <= last; start = nextBucket(start, granularity)) {
    out.push({ key: bucketKey(start, p.timezone, offset), value: counts.get(start.getTime()) ?? 0 })
  }
  return out
}

function topn(docs: Doc[], p: MetricParams): { key: unknown; value: number }[] {
  const counts = new Map<string, { key: unknown; value: number }>()
  for (const doc of docs) {
    for (const key of new Set(valuesAt(doc, p.aggregateOn.split('.')))) {
      const entry = counts.get(JSON.stringify(key)) ?? { key, value: 0 }
      entry.value++
      counts.set(JSON.stringify(key), entry)
    }
  }
  const sign = p.sortOrder === 'asc' ? 1 : -1
  return [...counts.values()].sort((a, b) => sign * (a.value - b.value) || String(a.key).localeCompare(String(b.key))).slice(0, p.limit ?? 10)
}

const present = (doc: Doc, field: string) => valuesAt(doc, field.split('.')).some((v) => v !== null && v !== undefined)

function average(docs: Doc[], p: MetricParams): number | null {
  const values = docs.flatMap((doc) => valuesAt(doc, p.aggregateOn.split('.'))).filter((v): v is number => typeof v === 'number')
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length
}

/** `data` keeps the aggregated field's dotted path as nested objects, as Elasticsearch aggregations name them. */
function nest(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>
}

/** What CTIA reports it filtered on: the window it used, the field filters, and the full-text queries with their mode. */
function reportedFilters(p: MetricParams, window: { from: Date; to: Date }): Record<string, unknown> {
  const fullText = [
    ...(p.search.query !== undefined ? [{ query: p.search.query, query_mode: 'query_string' }] : []),
    ...(p.search.simple_query !== undefined ? [{ query_mode: 'simple_query_string', query: p.search.simple_query }] : []),
  ]
  return { from: window.from.toISOString(), to: window.to.toISOString(), ...p.search.filters, ...(fullText.length > 0 ? { 'full-text': fullText } : {}) }
}

export async function computeMetric(ctx: IntelContext, actor: Actor, family: EntityFamily, kind: MetricKind, p: MetricParams): Promise<Metric> {
  const window = metricWindow(p.from, p.to, ctx.clock.now(actor.orgId))
  const filter = searchFilter({ ...p.search, from: window.from.toISOString(), to: window.to.toISOString() }, metricDateField(kind, p.aggregateOn))
  // A metric reads what the store keeps beside an entity too: an incident's intervals exist only for the average.
  const selected = (await ctx.store.entities.select(actor.orgId, family.type, filter)).map((r) => ({ ...r.document, ...r.internal }))
  // An average counts only the entities that have the field, as CTIA adds an `exists` filter to its query.
  const docs = kind === 'average' ? selected.filter((doc) => present(doc, p.aggregateOn)) : selected
  const filters = reportedFilters(p, window)
  const data = (() => {
    switch (kind) {
      case 'histogram': return histogram(docs, p)
      case 'topn': return topn(docs, p)
      case 'cardinality': return new Set(docs.flatMap((d) => valuesAt(d, p.aggregateOn.split('.')).map((v) => JSON.stringify(v)))).size
      case 'average': return average(docs, p)
    }
  })()
  return { result: { type: kind === 'average' ? 'avg' : kind, filters, data: nest(p.aggregateOn, data) }, total: docs.length }
}
