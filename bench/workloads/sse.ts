// SSE: the portal's "Generate Tokens" and device registration with fresh single-use tokens from parallel devices.
import { throughput, type Workload } from './types.ts'

export const tokenGeneration: Workload = {
  name: 'sse-token-generation',
  title: 'SSE POST /api/v1/registration-tokens (1 token)',
  plan: async (ctx) => {
    const tenant = await ctx.tenant()
    return {
      url: `${ctx.urls.sseAmericas}/api/v1/registration-tokens`,
      method: 'POST',
      headers: { authorization: `Bearer ${await tenant.ctr.accessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1, expiration: '1h' }),
      ...throughput(ctx),
    }
  },
}

export const registration: Workload = {
  name: 'sse-registration',
  title: 'SSE POST /device/v1/registrations (fresh tokens, parallel devices)',
  plan: async (ctx) => {
    const tenant = await ctx.tenant()
    const wanted = ctx.quick ? 300 : 3000
    const warmup = ctx.quick ? 50 : 300
    const tokens: string[] = []
    // The portal gives at most 100 tokens per call; ask in parallel batches.
    for (let made = 0; made < wanted + warmup; made += 1000) {
      const batches = Math.min(10, Math.ceil((wanted + warmup - made) / 100))
      const answers = await Promise.all(Array.from({ length: batches }, () => tenant.sseAmericas.generateTokens(100, '1h')))
      tokens.push(...answers.flatMap((a) => a.tokens.map((t) => t.token)))
    }
    ctx.log(`sse-registration: ${tokens.length} fresh tokens`)
    const bodies = tokens.map((token, i) => JSON.stringify({
      token,
      device: {
        name: `bench-esa-${i}.example.com`, type: 'ESA', version: '15.0.0-104', serialNumber: `BENCH${String(i).padStart(8, '0')}`,
        ip: `198.51.100.${i % 250}`, callbackUrl: `http://127.0.0.1:9/sse/v1/appliances/bench-${i}`,
      },
    }))
    return {
      url: `${ctx.urls.sseAmericas}/device/v1/registrations`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      bodies,
      singleUse: true,
      warmupAmount: warmup,
      ...throughput(ctx),
    }
  },
}
