// GET /__mock/health on each service: the cost of kit's request pipeline (hooks, journal, faults) with no domain work.
import type { BenchContext, Workload } from './types.ts'
import { throughput } from './types.ts'

const health = (name: string, title: string, pick: (ctx: BenchContext) => string, quick = false): Workload => ({
  name, title, quick,
  plan: async (ctx) => ({ url: `${pick(ctx)}/__mock/health`, method: 'GET', ...throughput(ctx) }),
})

export const healthWorkloads: Workload[] = [
  health('health-ctr', 'CTR GET /__mock/health', (ctx) => ctx.urls.ctr, true),
  health('health-sse', 'SSE GET /__mock/health', (ctx) => ctx.urls.sseAmericas),
  health('health-esa', 'ESA GET /__mock/health', (ctx) => ctx.urls.esa),
]
