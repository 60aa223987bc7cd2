// Private intelligence (CTIA): Lucene search over 100k judgements of one org at a steady 100 req/s (the target is
// latency), and bundle import of 1,000 entities, one import at a time (the target is each import's duration).
import type { BenchContext, Workload } from './types.ts'
import { eachWithin, p99Within } from './types.ts'
import type { LoadPlan } from '../lib/load.ts'

export const SEARCH_JUDGEMENTS = 100_000
/** Each observable is the subject of SEARCH_JUDGEMENTS / OBSERVABLES judgements, so an observable's search finds 10. */
const OBSERVABLES = 10_000
/** Judgements per bundle while loading (the import runs in one transaction). */
const LOAD_CHUNK = 5_000
export const SEARCH_RATE = 100
export const BUNDLE_SIZE = 1_000
const BUNDLE_IMPORTS = 5

const DAY = 86_400_000
const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
const REASONS = ['Known command and control server', 'Newly seen domain', 'Phishing kit host', 'Signed installer', 'No information']

function judgementOf(i: number, now: number): Record<string, unknown> {
  const disposition = (i % 5) + 1
  return {
    observable: { type: 'ip', value: ipOf(i % OBSERVABLES) }, source: `bench feed ${i % 7}`, priority: 50 + (i % 50),
    severity: ['Low', 'Medium', 'High'][i % 3], confidence: 'High', disposition, reason: REASONS[i % REASONS.length],
    tlp: 'amber', timestamp: new Date(now - (i % 100) * DAY - i * 1000).toISOString(),
  }
}

async function intelHeaders(ctx: BenchContext): Promise<{ url: string; headers: Record<string, string> }> {
  if (!ctx.urls.intel) throw new Error('the stack has no intel instance')
  const tenant = await ctx.cloud.createTenant()
  return { url: ctx.urls.intel, headers: { authorization: `Bearer ${await tenant.ctr.accessToken()}`, 'content-type': 'application/json' } }
}

async function importBundle(url: string, headers: Record<string, string>, bundle: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/ctia/bundle/import`, { method: 'POST', headers, body: JSON.stringify(bundle) })
  const body = await res.text()
  if (res.status !== 200 || body.includes('"result":"error"')) throw new Error(`bundle import failed: ${res.status} ${body.slice(0, 300)}`)
}

export const intelSearch: Workload = {
  name: 'intel-search',
  title: `intel GET /ctia/judgement/search (one observable), 100k judgements, steady ${SEARCH_RATE} req/s`,
  target: p99Within(50, SEARCH_RATE),
  plan: async (ctx): Promise<LoadPlan> => {
    const { url, headers } = await intelHeaders(ctx)
    const started = performance.now()
    const now = Date.now()
    for (let from = 0; from < SEARCH_JUDGEMENTS; from += LOAD_CHUNK) {
      const judgements = Array.from({ length: Math.min(LOAD_CHUNK, SEARCH_JUDGEMENTS - from) }, (_, k) => judgementOf(from + k, now))
      await importBundle(url, headers, { type: 'bundle', source: 'bench', judgements })
    }
    ctx.log(`intel: ${SEARCH_JUDGEMENTS} judgements imported in ${Math.round(performance.now() - started)} ms`)
    const query = new URLSearchParams({ query: `observable.value:"${ipOf(4242)}" AND disposition:[2 TO 3]`, limit: '100' })
    return {
      url: `${url}/ctia/judgement/search?${query}`, method: 'GET', headers: { authorization: headers.authorization! },
      connections: 10, overallRate: SEARCH_RATE, pacing: 'steady', durationSeconds: ctx.durationSeconds, warmupSeconds: ctx.warmupSeconds,
    }
  },
}

/** A 1,000-entity bundle: judgements, the indicators they are based on (by transient id), and sightings. */
function bundleOf(n: number, now: number): Record<string, unknown> {
  const quarter = BUNDLE_SIZE / 4
  const timestamp = new Date(now).toISOString()
  const judgements = Array.from({ length: quarter }, (_, i) => ({ ...judgementOf(n * BUNDLE_SIZE + i, now), id: `transient:j-${n}-${i}` }))
  const indicators = Array.from({ length: quarter }, (_, i) => ({ id: `transient:i-${n}-${i}`, producer: 'bench', title: `C2 ${i}`, timestamp }))
  const sightings = Array.from({ length: quarter }, (_, i) => ({
    observables: [{ type: 'ip', value: ipOf(n * BUNDLE_SIZE + i) }], observed_time: { start_time: timestamp }, confidence: 'High',
    source: 'bench', timestamp, count: 1,
  }))
  const relationships = Array.from({ length: quarter }, (_, i) => ({
    source_ref: `transient:j-${n}-${i}`, target_ref: `transient:i-${n}-${i}`, relationship_type: 'based-on', timestamp,
  }))
  return { type: 'bundle', source: 'bench', judgements, indicators, sightings, relationships }
}

export const intelBundleImport: Workload = {
  name: 'intel-bundle-import',
  title: `intel POST /ctia/bundle/import, ${BUNDLE_SIZE.toLocaleString('en-US')} entities, ${BUNDLE_IMPORTS} imports one after another`,
  target: eachWithin(2000),
  plan: async (ctx): Promise<LoadPlan> => {
    const { url, headers } = await intelHeaders(ctx)
    const now = Date.now()
    return {
      url: `${url}/ctia/bundle/import`, method: 'POST', headers,
      // One import warms up; each of the others is timed alone (one connection), so its latency is its duration.
      bodies: Array.from({ length: BUNDLE_IMPORTS + 1 }, (_, n) => JSON.stringify(bundleOf(n, now))),
      singleUse: true, warmupAmount: 1, connections: 1, durationSeconds: ctx.durationSeconds, warmupSeconds: ctx.warmupSeconds,
    }
  },
}
