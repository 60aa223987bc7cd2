// The report: one table on stdout and bench/results.json, from the same numbers.
import path from 'node:path'
import { ROOT } from './processes.ts'
import { DEFAULT_ENTRY, type ColdStart } from '../cold-start.ts'
import type { Machine } from './machine.ts'
import type { CpuUse, LoadResult } from './load.ts'
import type { CloudUrls } from '@ctrmock/client'

export interface WorkloadReport {
  name: string
  title: string
  target?: string
  pass?: boolean
  /** Share of the baseline's req/s from the same run. */
  ofBaseline?: number
  result?: LoadResult & { peakRssMb?: number; cpu?: CpuUse }
  /** When the load ran, in ms since the stack process was spawned (to find it in a --profile). */
  window?: { fromMs: number; toMs: number }
  /** Why the workload could not run (e.g. its routes are missing). */
  error?: string
  /** For a ratio target: short runs of the baseline and this workload in turn, and the median of their ratios. */
  paired?: PairedRounds
}

/** One baseline run and one workload run right after it: a ratio from two moments of the machine a few seconds apart. */
export interface PairedRound {
  baselineRps: number
  rps: number
  ofBaseline: number
  errors: number
}

export interface PairedRounds {
  seconds: number
  rounds: PairedRound[]
  medianOfBaseline: number
}

export interface TargetReport {
  name: string
  target: string
  measured: string
  /** Absent when this run did not measure the target (`--only`, `--no-cold-start`, `--quick`). */
  pass?: boolean
}

/** A deployment the bench found running (`--running`) rather than started. */
export interface Deployment {
  urls: CloudUrls
  /** The local processes listening on the URLs' ports; none for ports a container publishes. */
  processes: Array<{ pid: number; command: string; services: string[]; rssMb?: number | undefined }>
}

export interface Results {
  date: string
  quick: boolean
  machine: Machine
  settings: { durationSeconds: number; warmupSeconds: number; connections: number; loadGenerator: string; entry: string }
  baseline?: WorkloadReport
  /** A bare Fastify JSON POST route in the same server: the ceiling of any POST route such as inspect. */
  baselinePost?: WorkloadReport
  coldStart: ColdStart[]
  /** Set by --running: the deployment that was loaded, instead of a stack the bench started. */
  deployment?: Deployment
  workloads: WorkloadReport[]
  targets: TargetReport[]
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n')
}

const num = (value: number | undefined, digits = 0) => (value === undefined ? '-' : value.toLocaleString('en-US', { maximumFractionDigits: digits }))

export function loadTable(results: Results): string {
  const header = ['workload', 'req/s', '% base', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB', 'CPU node/pg', 'target', 'pass']
  const rows = [results.baseline, results.baselinePost, ...results.workloads].filter((w): w is WorkloadReport => Boolean(w)).map((w) => w.result
    ? [w.name, num(w.result.requestsPerSecond), w.ofBaseline === undefined ? '-' : `${Math.round(w.ofBaseline * 100)}%`,
        num(w.result.latencyMs.p50, 1), num(w.result.latencyMs.p99, 1), num(w.result.errors), num(w.result.peakRssMb),
        w.result.cpu ? `${w.result.cpu.node.toFixed(2)}/${w.result.cpu.postgres.toFixed(2)}` : '-', w.target ?? '', w.pass === undefined ? '' : w.pass ? 'PASS' : 'FAIL']
    : [w.name, '-', '-', '-', '-', '-', '-', '-', w.target ?? '', `not run: ${w.error ?? ''}`.slice(0, 80)])
  return pad([header, ...rows])
}

export function coldStartTable(results: Results): string {
  const header = ['cold start', 'all ready ms', 'CPU ms', 'reported ms', 'slowest service', 'idle RSS MB (services)', 'Postgres PSS MB']
  const rows = results.coldStart.map((c) => {
    const slowest = Object.entries(c.readyMs).sort((a, b) => b[1] - a[1])[0]
    return [`${c.dataDir} data dir${path.resolve(ROOT, c.entry) === DEFAULT_ENTRY ? '' : ` (${c.entry})`}`, num(c.allReadyMs), num(c.cpuMs), num(c.reportedReadyMs), slowest ? `${slowest[0]} ${slowest[1]} ms` : '-',
      num(c.idle.servicesRssMb), `${num(c.idle.postgres.pssMb)} (${c.idle.postgres.processes} procs)`]
  })
  return pad([header, ...rows])
}

export function targetTable(results: Results): string {
  return pad([['target', 'wanted', 'measured', 'pass'], ...results.targets.map((t) => [t.name, t.target, t.measured, t.pass === undefined ? '-' : t.pass ? 'PASS' : 'FAIL'])])
}

function deploymentLine(d: Deployment): string {
  const processes = d.processes.map((p) => `${p.services.join(', ')}: pid ${p.pid} (${p.command}), ${num(p.rssMb)} MB RSS before the load`)
  return [`running deployment, no cold start: ctr ${d.urls.ctr}, ctr-eu ${d.urls.ctrEu}, sse-americas ${d.urls.sseAmericas}, sse-europe ${d.urls.sseEurope}, esa ${d.urls.esa}`,
    ...(processes.length > 0 ? processes : ['no local process listens on these ports (a container\'s?): RSS and CPU are not measured'])].join('\n')
}

export function renderReport(results: Results): string {
  const m = results.machine
  return [
    `ctrmock benchmarks — ${results.date}${results.quick ? ' (quick)' : ''}`,
    `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}${m.commit ? `, commit ${m.commit}` : ''}, load average ${m.loadAverage.start} → ${m.loadAverage.end ?? '?'}, a fresh page ${m.freshPageUs.start} → ${m.freshPageUs.end ?? '?'} µs`,
    `autocannon in its own process, ${results.settings.connections} connections, ${results.settings.warmupSeconds} s warm-up + ${results.settings.durationSeconds} s per workload`,
    '',
    results.deployment ? deploymentLine(results.deployment) : coldStartTable(results),
    '',
    loadTable(results),
    '',
    targetTable(results),
  ].join('\n')
}
