// Cold start: the time from spawning `ctrmock up` from the build (what `npm start` runs once it has built, and what the
// image runs) to every service answering GET /__mock/ready with 200, then the stack's idle memory. Run from a fresh
// data dir (initdb, create and migrate every database) and again on the data dir the first run left (the everyday
// start). The workloads' stack is started the same way.
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { BUNDLE_DIR, ENTRY_FILE } from '../packages/cli/bundle.mjs'
import { freePorts, withFreshPorts } from '@ctrmock/kit'
import { ROOT, spawnNode, spawnTs, type SpawnedChild } from './lib/processes.ts'
import { cpuMs, stackMemory, type StackMemory } from './lib/memory.ts'

/** The build of the CLI (`pnpm build`; bench/run.ts builds it first). */
export const DEFAULT_ENTRY = path.join(BUNDLE_DIR, ENTRY_FILE)

export const INSTANCES = ['ctr', 'ctr-eu', 'sse-americas', 'sse-europe', 'esa', 'intel', 'intel-eu'] as const
type Instance = (typeof INSTANCES)[number]

const PORT_ENV: Record<Instance | 'smtp' | 'postgres', string> = {
  ctr: 'CTR_NAM_PORT', 'ctr-eu': 'CTR_EU_PORT', 'sse-americas': 'SSE_AMERICAS_PORT', 'sse-europe': 'SSE_EUROPE_PORT',
  esa: 'ESA_PORT', intel: 'INTEL_NAM_PORT', 'intel-eu': 'INTEL_EU_PORT', smtp: 'ESA_SMTP_PORT', postgres: 'POSTGRES_PORT',
}

export interface ColdStart {
  dataDir: 'empty' | 'warm'
  /** The `ctrmock up` that was started: the build, or another (--entry). */
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
  /** Another build of `ctrmock up`: a .js/.mjs file runs under plain node, a .ts one (the sources) through tsx. */
  entry?: string
  /** Extra env for the stack, e.g. the workloads' RATE_LIMIT_PER_HOUR=0. */
  env?: Record<string, string>
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[]
}

/** `ctrmock up` exited because a port picked for it was bound by another process before it listened. */
class PortTakenError extends Error {}

/**
 * Spawns the stack on free ports, polls every service's readiness every 10 ms, then waits `settleMs` and reads the
 * idle memory. The process keeps running: the caller stops it or runs workloads on it.
 */
export function coldStart(options: ColdStartOptions): Promise<StartedStack> {
  return withFreshPorts(async (pick) => {
    // A start from an empty data dir is measured from an empty one again.
    if (pick > 1 && options.dataDir === 'empty') await rm(path.join(options.workDir, '.data', 'postgres'), { recursive: true, force: true })
    return startOnFreePorts(options)
  }, (error) => error instanceof PortTakenError)
}

async function startOnFreePorts(options: ColdStartOptions): Promise<StartedStack> {
  const variables = Object.values(PORT_ENV)
  const free = await freePorts(variables.length)
  const ports = Object.fromEntries(variables.map((variable, i) => [variable, String(free[i])]))
  const urls = Object.fromEntries(INSTANCES.map((name) => [name, `http://127.0.0.1:${ports[PORT_ENV[name]]}`])) as Record<Instance, string>
  const entry = options.entry ?? DEFAULT_ENTRY
  const spawnOptions = { cwd: options.workDir, env: { ...options.env, ...ports }, nodeArgs: options.nodeArgs }

  const started = performance.now()
  const child = /\.[cm]?js$/.test(entry) ? spawnNode(entry, ['up', '--json'], spawnOptions) : spawnTs(entry, ['up', '--json'], spawnOptions)
  const readyMs = {} as Record<Instance, number>
  const deadline = started + 120_000
  let exitCode: number | null | undefined
  void child.exited.then((code) => { exitCode = code })
  while (Object.keys(readyMs).length < INSTANCES.length) {
    if (exitCode !== undefined) {
      const Failure = /EADDRINUSE|Address already in use/.test(child.stderr()) ? PortTakenError : Error
      throw new Failure(`${path.basename(entry)} exited (${exitCode}) before it was ready\n${child.stderr()}`)
    }
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
