// CTR enrich observe through the whole integration: CTR → its ESA module → SSE's device proxy → the ESA agent's
// device endpoint, searching 10k tracked messages, at 300 req/s (the target is latency, not throughput). The target
// is judged at a steady 300 req/s (bench/lib/paced.ts); the same rate as autocannon's per-second bursts is reported
// beside it, without a target: each second's 300 requests sent at full speed, which is a saturation test.
import { p99Within, type BenchContext, type IntegratedTenant, type Workload } from './types.ts'
import type { LoadPlan } from '../lib/load.ts'
import { integratedTenant } from './esa-data.ts'

export const ENRICH_RATE = 300

export const enrichObserve: Workload = {
  name: 'ctr-enrich-observe',
  title: 'CTR enrich observe → SSE proxy → ESA, 10k messages, steady 300 req/s',
  target: p99Within(30, ENRICH_RATE),
  plan: async (ctx) => ({ ...(await enrichPlan(ctx)), pacing: 'steady' }),
}

export const enrichObserveBursts: Workload = {
  name: 'ctr-enrich-observe-bursts',
  title: 'CTR enrich observe, 300 req/s as autocannon sends it (a burst at the start of each second)',
  plan: async (ctx) => ({ ...(await enrichPlan(ctx)), pacing: 'autocannon' }),
}

// The path the guard names (CTR → SSE proxy → ESA) alone: a tenant of its own whose default Private Intelligence
// module is turned off, so no enrich also asks the intel service. Reported beside the guard, without a target.
export const enrichObserveEsaOnly: Workload = {
  name: 'ctr-enrich-observe-esa-only',
  title: 'CTR enrich observe, the ESA module alone (Private Intelligence off), steady 300 req/s',
  plan: async (ctx) => {
    const integrated = await integratedTenant(ctx.cloud, ctx.log)
    const ctr = integrated.tenant.ctr
    for (const instance of await ctr.moduleInstances()) {
      if (instance.name === 'Private Intelligence') await ctr.http.json('PATCH', `/iroh/iroh-int/module-instance/${instance.id}`, { body: { enabled: false } })
    }
    return { ...(await enrichPlan(ctx, integrated)), pacing: 'steady' }
  },
}

async function enrichPlan(ctx: BenchContext, integrated?: IntegratedTenant): Promise<LoadPlan> {
  const { tenant, subjects } = integrated ?? await ctx.integrated()
  // Different subjects, so no answer is served from one hot row.
  const bodies = subjects.slice(0, 200).map((value) => JSON.stringify([{ type: 'email_subject', value }]))
  return {
    url: `${ctx.urls.ctr}/iroh/iroh-enrich/observe/observables`,
    method: 'POST',
    headers: { authorization: `Bearer ${await tenant.ctr.accessToken()}`, 'content-type': 'application/json' },
    bodies,
    connections: 10,
    overallRate: ENRICH_RATE,
    durationSeconds: ctx.durationSeconds,
    warmupSeconds: ctx.warmupSeconds,
  }
}
