// CTR enrich observe through the whole integration: CTR → its ESA module → SSE's device proxy → the ESA agent's
// device endpoint, searching 10k tracked messages, at a fixed 300 req/s (the target is latency, not throughput).
import { p99Within, type Workload } from './types.ts'

export const ENRICH_RATE = 300

export const enrichObserve: Workload = {
  name: 'ctr-enrich-observe',
  title: 'CTR enrich observe → SSE proxy → ESA, 10k messages',
  target: p99Within(30, ENRICH_RATE),
  plan: async (ctx) => {
    const { tenant, subjects } = await ctx.integrated()
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
  },
}
