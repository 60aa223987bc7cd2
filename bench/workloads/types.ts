// What a workload is: how to prepare its data on a running stack, the load plan to run, and the target it must meet.
import type { Cloud, CloudUrls, Tenant } from '@ctrmock/client'
import type { LoadPlan, LoadResult } from '../lib/load.ts'

export interface Target {
  /** What the report prints, e.g. "≥ 3,000 req/s". */
  text: string
  /** Checks the run; `ofBaseline` is its share of the baseline's req/s in the same run. */
  check(result: LoadResult, ofBaseline: number | undefined): boolean
}

export interface IntegratedTenant {
  tenant: Tenant
  applianceId: string
  /** Subjects present in the loaded messages (each on several messages). */
  subjects: string[]
  messageCount: number
}

export interface BenchContext {
  urls: CloudUrls
  cloud: Cloud
  quick: boolean
  durationSeconds: number
  warmupSeconds: number
  /** A tenant of its own (CTR NAM/EU org, appliance), made once. */
  tenant(): Promise<Tenant>
  /** A tenant whose ESA is registered in AMERICAS with the CTR module added, and 10k tracked messages loaded. */
  integrated(): Promise<IntegratedTenant>
  log(message: string): void
}

export interface Workload {
  name: string
  title: string
  /** Part of `--quick` (CI). */
  quick?: boolean
  target?: Target
  /** Its share of the baseline is reported from paired rounds (see bench/run.ts). */
  paired?: boolean
  plan(ctx: BenchContext): Promise<LoadPlan>
}

/** The plan fields every throughput workload shares. */
export function throughput(ctx: BenchContext, connections = 10): Pick<LoadPlan, 'connections' | 'durationSeconds' | 'warmupSeconds'> {
  return { connections, durationSeconds: ctx.durationSeconds, warmupSeconds: ctx.warmupSeconds }
}

/** A rate, or in a slow hour of the machine a share of the bare `GET /` in the same run. */
export const atLeastRpsOrShare = (rps: number, ratio: number): Target => ({
  text: `≥ ${rps.toLocaleString('en-US')} req/s or ≥ ${Math.round(ratio * 100)}% of baseline`,
  check: (r, share) => (r.requestsPerSecond >= rps || (share !== undefined && share >= ratio)) && r.errors === 0,
})

export const p99Within = (ms: number, rate: number): Target => ({
  text: `p99 ≤ ${ms} ms at ${rate} req/s, 0 errors`,
  // A rate run that cannot keep up finishes fewer requests: require 95% of the asked rate as well.
  check: (r) => r.latencyMs.p99 <= ms && r.errors === 0 && r.requestsPerSecond >= rate * 0.95,
})

/** Every request within `ms` (for runs of a few long requests, one at a time: each one's duration), 0 errors. */
export const eachWithin = (ms: number): Target => ({
  text: `each ≤ ${ms.toLocaleString('en-US')} ms, 0 errors`,
  check: (r) => r.requests > 0 && r.latencyMs.max <= ms && r.errors === 0,
})
