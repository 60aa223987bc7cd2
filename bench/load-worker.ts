// The load generator, run as a child process (argv: <plan.json>): autocannon against one endpoint, after a warm-up,
// then one JSON line with the numbers. Separate from the stack so the two never share an event loop.
import { readFileSync } from 'node:fs'
import autocannon, { type Options } from 'autocannon'
import type { LoadPlan, LoadResult } from './lib/load.ts'
import { announce } from './lib/processes.ts'
import { pacedLoad } from './lib/paced.ts'

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadPlan

function options(seconds: number | undefined, bodies: string[] | undefined, amount?: number): Options {
  let next = 0
  return {
    url: plan.url,
    method: plan.method,
    headers: plan.headers,
    body: plan.body,
    connections: plan.connections,
    pipelining: 1,
    timeout: 10,
    ...(amount !== undefined ? { amount } : { duration: seconds }),
    ...(plan.overallRate ? { overallRate: plan.overallRate } : {}),
    // One body per request, in order: e.g. a fresh single-use registration token each time.
    ...(bodies ? { requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }] } : {}),
  }
}

if (plan.overallRate && plan.pacing === 'steady') {
  if (plan.warmupSeconds > 0) await pacedLoad(plan, plan.warmupSeconds)
  announce({ result: await pacedLoad(plan, plan.durationSeconds) })
} else {
  announce({ result: await autocannonLoad() })
}

async function autocannonLoad(): Promise<LoadResult> {
  // The warm-up gets the JIT and the connection pools going; single-use bodies are split between the two runs.
  const warmBodies = plan.bodies && plan.singleUse ? plan.bodies.slice(0, plan.warmupAmount ?? 0) : plan.bodies
  const mainBodies = plan.bodies && plan.singleUse ? plan.bodies.slice(plan.warmupAmount ?? 0) : plan.bodies
  if (plan.singleUse ? (plan.warmupAmount ?? 0) > 0 : plan.warmupSeconds > 0) {
    await autocannon(options(plan.warmupSeconds, warmBodies, plan.singleUse ? plan.warmupAmount : undefined))
  }
  const result = await autocannon(options(plan.durationSeconds, mainBodies, plan.singleUse ? mainBodies!.length : undefined))

  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, Number(s.count)]))
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0)
  const output: LoadResult = {
    requestsPerSecond: Math.round(completed / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: round(result.latency.mean), max: result.latency.max },
    requests: completed,
    durationSeconds: round(result.duration),
    errors: result.errors + result.non2xx,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  }
  return output
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
