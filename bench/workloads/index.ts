// Every workload, in the order the report lists them.
import { healthWorkloads } from './health.ts'
import { inspect, tokenIssue } from './ctr.ts'
import { registration, tokenGeneration } from './sse.ts'
import { messageSearch, trackingSearch } from './esa.ts'
import { enrichObserve, enrichObserveBursts, enrichObserveEsaOnly } from './enrich.ts'
import { intelBundleImport, intelSearch } from './intel.ts'
import type { Workload } from './types.ts'

export const WORKLOADS: Workload[] = [
  ...healthWorkloads, tokenIssue, inspect, tokenGeneration, registration, messageSearch, trackingSearch, enrichObserve, enrichObserveBursts, enrichObserveEsaOnly,
  intelSearch, intelBundleImport,
]
export type { BenchContext, Workload } from './types.ts'
