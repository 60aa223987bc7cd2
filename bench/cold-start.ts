// Cold start: the time from spawning `ctrmock up` (what `pnpm start` runs) to every service answering
// GET /__mock/ready with 200, then the stack's idle memory. Run from a fresh data dir (initdb, create and migrate
// every database) and again on the data dir the first run left (the everyday start).
import path from 'node:path'
import { ROOT, freePort, spawnNode, spawnTs, type SpawnedChild } from './lib/processes.ts'
import { cpuMs, stackMemory, type StackMemory } from './lib/memory.ts'

/** What `pnpm start` runs; `--entry` may name another (e.g. a bundled build, run by plain node when it is .js/.mjs). */
export const DEFAULT_ENTRY = path.join(ROOT, 'packages/cli/src/main.ts')

export const INSTANCES = ['ctr', 'ctr-eu', 'sse-americas', 'sse-europe', 'esa'] as const
type Instance = (typeof INSTANCES)[number]

const PORT_ENV: Record<Instance | 'smtp' | 'postgres', string> = {
  ctr: 'CTR_NAM_PORT', 'ctr-eu': 'CTR_EU_PORT', 'sse-americas': 'SSE_AMERICAS_PORT', 'sse-europe': 'SSE_EUROPE_PORT',
  esa: 'ESA_PORT', smtp: 'ESA_SMTP_PORT', postgres: 'POSTGRES_PORT',
}

export interface ColdStart {
  dataDir: 'empty' | 'warm'
  /** Spawn → every /__mock/ready = 200. */
  allReadyMs: number
  /** Spawn → each service's first ready 200. */
  readyMs: Record<Instance, number>
  /** What `ctrmock up` itself reports (from its first line of code to listening, without Node/tsx startup). */
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

/**
 * Spawns `ctrmock up --json` with its working directory in `workDir` (so the data dir is `<workDir>/.data/postgres`),
 * polls every service's readiness every 10 ms, then waits `settleMs` and reads the idle memory.
 */
export async function coldStart(workDir: string, dataDir: ColdStart['dataDir'], settleMs: number, entry = DEFAULT_ENTRY): Promise<StartedStack> {
  const ports: Record<string, string> = {}
  for (const [name, variable] of Object.entries(PORT_ENV)) ports[variable] = String(await freePort())
  const urls = Object.fromEntries(INSTANCES.map((name) => [name, `http://127.0.0.1:${ports[PORT_ENV[name]]}`])) as Record<Instance, string>

  const started = performance.now()
  const child = /\.[cm]?js$/.test(entry)
    ? spawnNode(entry, ['up', '--json'], { cwd: workDir, env: ports })
    : spawnTs(entry, ['up', '--json'], { cwd: workDir, env: ports })
  const readyMs = {} as Record<Instance, number>
  const deadline = started + 120_000
  let exitCode: number | null | undefined
  void child.exited.then((code) => { exitCode = code })
  while (Object.keys(readyMs).length < INSTANCES.length) {
    if (exitCode !== undefined) throw new Error(`ctrmock up exited (${exitCode}) before it was ready\n${child.stderr()}`)
    if (performance.now() > deadline) {
      await child.stop()
      throw new Error(`ctrmock up not ready after 120 s (ready: ${Object.keys(readyMs).join(', ') || 'none'})\n${child.stderr()}`)
    }
    await Promise.all(INSTANCES.filter((name) => readyMs[name] === undefined).map(async (name) => {
      if (await isReady(urls[name])) readyMs[name] = Math.round(performance.now() - started)
    }))
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const allReadyMs = Math.max(...Object.values(readyMs))
  const cpu = cpuMs(child.pid)
  const reported = await child.message<{ readyMs?: number }>((m) => typeof m.readyMs === 'number', 5_000).catch(() => undefined)
  await new Promise((resolve) => setTimeout(resolve, settleMs))
  return {
    result: { dataDir, allReadyMs, readyMs, ...(reported?.readyMs !== undefined ? { reportedReadyMs: reported.readyMs } : {}), ...(cpu !== undefined ? { cpuMs: cpu } : {}), idle: stackMemory(child.pid) },
    process: child,
    urls,
    smtpPort: Number(ports[PORT_ENV.smtp]),
  }
}
