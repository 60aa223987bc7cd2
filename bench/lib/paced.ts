// An open-loop load at a steady rate: request i is due at start + i / rate, whatever happened to the ones before.
// autocannon's `overallRate` is not that: each connection sends its share of a second back to back when the second
// starts, then waits, so "300 req/s" becomes a burst at full speed for part of every second. Latency here runs from
// the moment a request was due, not from when a free connection sent it, so a server that falls behind is charged
// for the queue it causes (no coordinated omission).
import http from 'node:http'
import type { LoadPlan, LoadResult } from './load.ts'

interface Outcome { latencyMs: number; status?: number; error?: 'connection' | 'timeout' }

function send(agent: http.Agent, url: URL, plan: LoadPlan, body: string | undefined, timeoutMs: number): Promise<Omit<Outcome, 'latencyMs'>> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      agent, method: plan.method, headers: { ...plan.headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) },
    }, (response) => {
      response.on('data', () => {})
      response.on('end', () => resolve({ status: response.statusCode }))
      response.on('error', () => resolve({ error: 'connection' }))
    })
    request.setTimeout(timeoutMs, () => {
      request.destroy()
      resolve({ error: 'timeout' })
    })
    request.on('error', () => resolve({ error: 'connection' }))
    request.end(body)
  })
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Runs `seconds` of load at `plan.overallRate` over at most `plan.connections` kept-alive connections. */
export async function pacedLoad(plan: LoadPlan, seconds: number, timeoutMs = 10_000): Promise<LoadResult> {
  const rate = plan.overallRate!
  const url = new URL(plan.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections })
  const bodies = plan.bodies ?? (plan.body !== undefined ? [plan.body] : [undefined])
  const total = Math.round(rate * seconds)
  const outcomes: Outcome[] = []
  const pending: Promise<void>[] = []
  const start = performance.now()
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    pending.push(send(agent, url, plan, bodies[i % bodies.length], timeoutMs).then((outcome) => {
      outcomes.push({ ...outcome, latencyMs: performance.now() - due })
    }))
  }
  await Promise.all(pending)
  const durationSeconds = (performance.now() - start) / 1000
  agent.destroy()

  const latencies = outcomes.filter((o) => o.status !== undefined && o.status < 300).map((o) => o.latencyMs).sort((a, b) => a - b)
  const statusCodes: Record<string, number> = {}
  for (const o of outcomes) if (o.status !== undefined) statusCodes[o.status] = (statusCodes[o.status] ?? 0) + 1
  const connectionErrors = outcomes.filter((o) => o.error === 'connection').length
  const timeouts = outcomes.filter((o) => o.error === 'timeout').length
  const non2xx = outcomes.filter((o) => o.status !== undefined && (o.status < 200 || o.status >= 300)).length
  const round = (v: number) => Math.round(v * 100) / 100
  return {
    requestsPerSecond: Math.round(latencies.length / durationSeconds),
    latencyMs: {
      p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)), max: round(latencies.at(-1) ?? 0),
    },
    requests: latencies.length,
    durationSeconds: round(durationSeconds),
    errors: connectionErrors + timeouts + non2xx,
    connectionErrors, timeouts, non2xx, statusCodes,
  }
}
