// One load run: the plan goes to a file, the load worker (a child process) runs autocannon and answers one line.
// While it runs, the stack process's RSS is sampled so the report can show the peak under load.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, spawnTs } from './processes.ts'
import { cpuMs, descendants, rssMb } from './memory.ts'

export interface LoadPlan {
  url: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  headers?: Record<string, string>
  body?: string
  /** One body per request, in order (cycled unless singleUse). */
  bodies?: string[]
  /** Each body may be sent once (fresh tokens): the run sends every body once instead of running for a duration. */
  singleUse?: boolean
  connections: number
  durationSeconds: number
  warmupSeconds: number
  /** With singleUse: how many of the bodies the warm-up spends. */
  warmupAmount?: number
  /** Fixed request rate (req/s over all connections); unlimited when absent. */
  overallRate?: number
  /** With overallRate: `steady` spaces requests evenly (bench/lib/paced.ts); `autocannon` uses its per-second bursts. */
  pacing?: 'steady' | 'autocannon'
}

export interface LoadResult {
  requestsPerSecond: number
  latencyMs: { p50: number; p99: number; mean: number; max: number }
  requests: number
  durationSeconds: number
  /** Connection errors, timeouts and non-2xx answers together. */
  errors: number
  connectionErrors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
}

/** Where the CPU went during a run, in cores (1.0 = one core busy the whole run): the stack's Node process and its Postgres. */
export interface CpuUse { node: number; postgres: number }

function postgresCpuMs(roots: readonly number[]): Map<number, number> {
  const used = new Map<number, number>()
  for (const root of roots) for (const p of descendants(root)) if (p.command.startsWith('postgres')) used.set(p.pid, cpuMs(p.pid) ?? 0)
  return used
}

/** CPU time used so far by each process of `pids` that still runs. */
function nodeCpuMs(pids: readonly number[]): Map<number, number> {
  const used = new Map<number, number>()
  for (const pid of pids) {
    const ms = cpuMs(pid)
    if (ms !== undefined) used.set(pid, ms)
  }
  return used
}

function sumSince(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0)
  return sum
}

export async function runLoad(plan: LoadPlan, watchPids: number[] = []): Promise<LoadResult & { peakRssMb?: number; cpu?: CpuUse }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctrmock-bench-'))
  const file = path.join(dir, 'plan.json')
  writeFileSync(file, JSON.stringify(plan))
  const worker = spawnTs(path.join(ROOT, 'bench/load-worker.ts'), [file])
  let peak: number | undefined
  const sample = () => {
    if (watchPids.length === 0) return
    const total = watchPids.reduce((sum, pid) => sum + (rssMb(pid) ?? 0), 0)
    peak = Math.max(peak ?? 0, Math.round(total * 10) / 10)
  }
  const sampler = setInterval(sample, 250)
  // CPU over the whole run (warm-up included), of the watched processes (the stack's, or a running deployment's
  // services) and the Postgres they started.
  const started = performance.now()
  const nodeBefore = nodeCpuMs(watchPids)
  const pgBefore = postgresCpuMs(watchPids)
  try {
    const budget = (plan.warmupSeconds + plan.durationSeconds) * 1000 + 120_000
    const { result } = await worker.message<{ result: LoadResult }>((m) => 'result' in m, budget)
    let cpu: CpuUse | undefined
    if (nodeBefore.size > 0) {
      const elapsed = performance.now() - started
      cpu = { node: round2(sumSince(nodeBefore, nodeCpuMs(watchPids)) / elapsed), postgres: round2(sumSince(pgBefore, postgresCpuMs(watchPids)) / elapsed) }
    }
    return { ...result, ...(peak !== undefined ? { peakRssMb: peak } : {}), ...(cpu ? { cpu } : {}) }
  } finally {
    clearInterval(sampler)
    await worker.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}
