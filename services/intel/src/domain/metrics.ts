// CTIA's metric routes over one family: histogram (counts per day, week or month of a date field), topn (the most
// frequent values of a field), cardinality (how many distinct values) and average (incident intervals, in seconds).
import type { Actor, IntelContext } from './context.ts'
import type { EntityFamily } from './entity-families.ts'
import { valuesAt } from './lucene-match.ts'
import { searchFilter, type SearchParams } from './search.ts'
import { badRequest } from './errors.ts'

type Doc = Record<string, unknown>
export type MetricKind = 'histogram' | 'topn' | 'cardinality' | 'average'

export interface MetricParams {
  aggregateOn: string
  from: string
  to?: string
  granularity?: 'day' | 'week' | 'month'
  limit?: number
  sortOrder?: string
  search: SearchParams
}

export interface MetricResult {
  type: 'histogram' | 'topn' | 'avg' | 'cardinality'
  filters: Record<string, unknown>
  data: Record<string, unknown>
}

function bucketStart(date: Date, granularity: 'day' | 'week' | 'month'): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), granularity === 'month' ? 1 : date.getUTCDate()))
  if (granularity === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString()
}

function histogram(docs: Doc[], p: MetricParams): { key: string; value: number }[] {
  const counts = new Map<string, number>()
  for (const doc of docs) {
    for (const value of valuesAt(doc, p.aggregateOn.split('.'))) {
      const at = new Date(String(value))
      if (Number.isNaN(at.getTime())) continue
      const key = bucketStart(at, p.granularity ?? 'day')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value }))
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

function average(docs: Doc[], p: MetricParams): number | null {
  const values = docs.flatMap((doc) => valuesAt(doc, p.aggregateOn.split('.'))).filter((v): v is number => typeof v === 'number')
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length
}

/** `data` keeps the aggregated field's dotted path as nested objects, as Elasticsearch aggregations name them. */
function nest(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>
}

export async function computeMetric(ctx: IntelContext, actor: Actor, family: EntityFamily, kind: MetricKind, p: MetricParams): Promise<MetricResult> {
  const to = p.to ?? ctx.clock.now(actor.orgId).toISOString()
  if (Date.parse(p.from) > Date.parse(to)) throw badRequest('from must be before to')
  const docs = (await ctx.store.entities.select(actor.orgId, family.type, searchFilter({ ...p.search, from: p.from, to }))).map((r) => r.document)
  const filters = { from: p.from, to, ...(p.search.query ? { 'query-string': p.search.query } : {}), ...p.search.filters }
  switch (kind) {
    case 'histogram': return { type: 'histogram', filters, data: nest(p.aggregateOn, histogram(docs, p)) }
    case 'topn': return { type: 'topn', filters, data: nest(p.aggregateOn, topn(docs, p)) }
    case 'cardinality': return { type: 'cardinality', filters, data: nest(p.aggregateOn, new Set(docs.flatMap((d) => valuesAt(d, p.aggregateOn.split('.')).map((v) => JSON.stringify(v)))).size) }
    case 'average': return { type: 'avg', filters, data: nest(p.aggregateOn, average(docs, p)) }
  }
}
