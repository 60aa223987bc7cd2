// Runs fuzz cases against running services and judges each answer.
import { send, pool, type RawResponse } from './raw-http.ts'
import { casesFor, type AuthProfile, type FuzzCase, type FuzzContext } from './fuzz-cases.ts'
import { hasErrorShape, operationsOf, type ErrorShape, type Operation } from './openapi.ts'
import type { SeededRandom } from './random.ts'

export interface Target {
  service: 'ctr' | 'sse' | 'esa' | 'intel'
  baseUrl: string
  shape: ErrorShape
  /** A seeded draw of at most this many cases per operation, every kind represented (for services with many routes). */
  maxCasesPerOperation?: number
  /** The service's own body limit, where it differs from the fuzz's default. */
  bodyLimit?: number
}

export interface FuzzStats {
  operations: number
  cases: number
  byService: Record<string, number>
  byKind: Record<string, number>
  byStatus: Record<string, number>
  failures: string[]
}

export function emptyStats(): FuzzStats {
  return { operations: 0, cases: 0, byService: {}, byKind: {}, byStatus: {}, failures: [] }
}

/** A route is authenticated when it refuses a request without credentials with 401. Credentials are checked
 *  before the body is parsed, so an unparseable body keeps the probe from ever reaching a handler that writes. */
export async function needsCredentials(op: Operation): Promise<boolean> {
  const path = op.path.replace(/\{[^}]+\}/g, 'fuzz-probe')
  const unparseable = op.method === 'GET' ? {} : { headers: { 'content-type': 'application/xml' }, body: '<probe/>' }
  return (await send(op.baseUrl, { method: op.method, path, ...unparseable })).status === 401
}

export function judge(c: FuzzCase, res: RawResponse): string | undefined {
  const where = `${c.op.service} ${c.op.method} ${c.op.path} [${c.kind}: ${c.label}] → ${res.status}`
  // 501 is the declared answer of what ctrmock does not implement (a Swagger operation, a hook a service lacks).
  if (res.status === 501 && (c.op.notImplemented || (res.json as { error?: string })?.error === 'not_implemented')) return hasErrorShape(c.op.errorShape, res.json) ? undefined : `${where}: body not in the ${c.op.errorShape} shape: ${res.text.slice(0, 200)}`
  if (res.status >= 500) return `${where}: ${res.text.slice(0, 300)}`
  if (c.mustReject && (res.status < 400 || res.status >= 500)) return `${where}: bad input was accepted: ${res.text.slice(0, 200)}`
  if (res.status >= 400 && !hasErrorShape(c.op.errorShape, res.json)) return `${where}: body not in the ${c.op.errorShape} shape: ${res.text.slice(0, 200)}`
  return undefined
}

/** At most `max` cases, taken in turn from each kind (each kind's cases shuffled by the seed). */
export function drawByKind(cases: FuzzCase[], max: number, random: SeededRandom): FuzzCase[] {
  const byKind = new Map<string, FuzzCase[]>()
  for (const c of cases) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c])
  const queues = [...byKind.values()].map((group) => {
    for (let i = group.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [group[i], group[j]] = [group[j]!, group[i]!]
    }
    return group
  })
  const out: FuzzCase[] = []
  while (out.length < max && queues.some((q) => q.length)) {
    for (const q of queues) if (q.length && out.length < max) out.push(q.shift()!)
  }
  return out
}

export async function fuzzTarget(target: Target, context: Omit<FuzzContext, 'auth'> & { profile(op: Operation): AuthProfile | undefined }, stats: FuzzStats, concurrency = 8): Promise<void> {
  const ops = (await operationsOf(target.service, target.baseUrl, target.shape)).filter((op) => !op.path.startsWith('/documentation'))
  const cases: FuzzCase[] = []
  for (const op of ops) {
    // Probed without credentials: a route found authenticated but with no known credentials gets only bad ones.
    const authed = await needsCredentials(op)
    const profile = context.profile(op)
    const auth = authed ? (profile ?? { kind: 'unknown', valid: {}, invalid: { 'no credentials': {} } }) : (profile?.kind === 'oauth2-client' ? { ...profile, valid: {} } : undefined)
    const all = casesFor(op, { ...context, bodyLimit: target.bodyLimit ?? context.bodyLimit, auth: () => auth })
    cases.push(...(target.maxCasesPerOperation ? drawByKind(all, target.maxCasesPerOperation, context.random) : all))
  }
  stats.operations += ops.length
  await pool(cases, concurrency, async (c) => {
    let failure: string | undefined
    try {
      const res = await send(target.baseUrl, c.request)
      stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1
      failure = judge(c, res)
    } catch (error) {
      failure = `${c.op.service} ${c.op.method} ${c.op.path} [${c.kind}: ${c.label}]: no answer (${(error as Error).message})`
    }
    stats.cases++
    stats.byKind[c.kind] = (stats.byKind[c.kind] ?? 0) + 1
    stats.byService[c.op.service] = (stats.byService[c.op.service] ?? 0) + 1
    if (failure) stats.failures.push(failure)
  })
}
