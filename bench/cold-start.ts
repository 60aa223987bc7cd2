// Cold start: the time from spawning `ctrmock up` (what `pnpm start` runs) to every service answering
// GET /__mock/ready with 200, then the stack's idle memory. Run from a fresh data dir (initdb, create and migrate
// every database) and again on the data dir the first run left (the everyday start).
import path from 'node:path'
import { buildBundle, bundleIsStale } from '../packages/cli/bundle.mjs'
import { ROOT, freePort, spawnBenchScript, spawnNode, spawnTs, type SpawnedChild } from './lib/processes.ts'
import { cpuMs, stackMemory, type StackMemory } from './lib/memory.ts'

/**
 * What `npm start` / `pnpm start` run: `node scripts/bootstrap.mjs start`, i.e. the install check, the bundle's
 * freshness check and the bundled `ctrmock up`, in one process. Timed from that process's spawn, so only npm's or
 * pnpm's own launch is left out (about 160 ms for npm, 40 ms for pnpm on this machine): those would put a shell and a
 * package manager between the bench and the stack's process, whose CPU and memory it reads. The bundle is brought up
 * to date before the clock starts, as a second `npm start` finds it. `--entry` names another build of `ctrmock up`:
 * a .js/.mjs file runs under plain node (e.g. packages/cli/dist/ctrmock.mjs), a .ts one through tsx (the sources,
 * packages/cli/src/main.ts, as `npm start` ran them before the bundle).
 */
export const DEFAULT_ENTRY = path.join(ROOT, 'scripts/bootstrap.mjs')
const BENCH_STACK_ENTRY = path.join(ROOT, 'bench/servers/stack.ts')

export const INSTANCES = ['ctr', 'ctr-eu', 'sse-americas', 'sse-europe', 'esa'] as const
type Instance = (typeof INSTANCES)[number]

const PORT_ENV: Record<Instance | 'smtp' | 'postgres', string> = {
  ctr: 'CTR_NAM_PORT', 'ctr-eu': 'CTR_EU_PORT', 'sse-americas': 'SSE_AMERICAS_PORT', 'sse-europe': 'SSE_EUROPE_PORT',
  esa: 'ESA_PORT', smtp: 'ESA_SMTP_PORT', postgres: 'POSTGRES_PORT',
}

export interface ColdStart {
  dataDir: 'empty' | 'warm'
  /** What was started: `ctrmock up` (scripts/bootstrap.mjs start, or another build) or the workloads' stack. */
  entry: string
  /** Spawn → every /__mock/ready = 200. */
  allReadyMs: number
  /** Spawn → each service's first ready 200. */
  readyMs: Record<Instance, number>
  /** What `ctrmock up` itself reports: from its process's start (as Node counts it) to listening. */
  reportedReadyMs?: number
  /** CPU time the stack's Node process used until all-ready (user + system): less sensitive to a busy machine. */
  cpuMs?: number
  idle: StackMemory
}

export interface StartedStack {
  result: ColdStart
  process: SpawnedChild
  urls: Record<Instance, string>
  smtpPort: number
  postgresPort: number
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/__mock/ready`, { signal: AbortSignal.timeout(1000) })
    await response.arrayBuffer()
    return response.status === 200
  } catch {
    return false
  }
}

export interface ColdStartOptions {
  /** The data dir is `<workDir>/.data/postgres` (as for `ctrmock up` run in that directory). */
  workDir: string
  dataDir: ColdStart['dataDir']
  /** How long to let the stack settle before reading its idle memory. */
  settleMs: number
  /** `up`: what `pnpm start` runs (or `entry`); `bench-stack`: bench/servers/stack.ts, the workloads' stack. */
  launch: 'up' | 'bench-stack'
  entry?: string
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[]
}

/**
 * Spawns the stack on free ports, polls every service's readiness every 10 ms, then waits `settleMs` and reads the
 * idle memory. The process keeps running: the caller stops it or runs workloads on it.
 */
export async function coldStart(options: ColdStartOptions): Promise<StartedStack> {
  const ports: Record<string, string> = {}
  for (const [name, variable] of Object.entries(PORT_ENV)) ports[variable] = String(await freePort())
  const urls = Object.fromEntries(INSTANCES.map((name) => [name, `http://127.0.0.1:${ports[PORT_ENV[name]]}`])) as Record<Instance, string>
  const entry = options.launch === 'up' ? options.entry ?? DEFAULT_ENTRY : BENCH_STACK_ENTRY
  if (entry === DEFAULT_ENTRY && bundleIsStale()) await buildBundle()

  const started = performance.now()
  const child = options.launch === 'bench-stack'
    ? spawnBenchScript(entry, [path.join(options.workDir, '.data/postgres')], { env: ports, nodeArgs: options.nodeArgs })
    : entry === DEFAULT_ENTRY
      ? spawnNode(entry, ['start', '--json'], { cwd: options.workDir, env: ports, nodeArgs: options.nodeArgs })
      : /\.[cm]?js$/.test(entry)
        ? spawnNode(entry, ['up', '--json'], { cwd: options.workDir, env: ports, nodeArgs: options.nodeArgs })
        : spawnTs(entry, ['up', '--json'], { cwd: options.workDir, env: ports, nodeArgs: options.nodeArgs })
  const readyMs = {} as Record<Instance, number>
  const deadline = started + 120_000
  let exitCode: number | null | undefined
  void child.exited.then((code) => { exitCode = code })
  while (Object.keys(readyMs).length < INSTANCES.length) {
    if (exitCode !== undefined) throw new Error(`${path.basename(entry)} exited (${exitCode}) before it was ready\n${child.stderr()}`)
    if (performance.now() > deadline) {
      await child.stop()
      throw new Error(`${path.basename(entry)} not ready after 120 s (ready: ${Object.keys(readyMs).join(', ') || 'none'})\n${child.stderr()}`)
    }
    await Promise.all(INSTANCES.filter((name) => readyMs[name] === undefined).map(async (name) => {
      if (await isReady(urls[name])) readyMs[name] = Math.round(performance.now() - started)
    }))
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const allReadyMs = Math.max(...Object.values(readyMs))
  const cpu = cpuMs(child.pid)
  const reported = await child.message<{ readyMs?: number }>((m) => typeof m.readyMs === 'number', 5_000).catch(() => undefined)
  await new Promise((resolve) => setTimeout(resolve, options.settleMs))
  return {
    result: {
      dataDir: options.dataDir, entry: path.relative(ROOT, entry), allReadyMs, readyMs,
      ...(reported?.readyMs !== undefined ? { reportedReadyMs: reported.readyMs } : {}), ...(cpu !== undefined ? { cpuMs: cpu } : {}),
      idle: stackMemory(child.pid),
    },
    process: child,
    urls,
    smtpPort: Number(ports[PORT_ENV.smtp]),
    postgresPort: Number(ports[PORT_ENV.postgres]),
  }
}
