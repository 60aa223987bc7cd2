// The ESA agent's AsyncOS message tracking over 10k tracked messages: a selective search (one subject) and the
// default Message Tracking page (the whole window, newest 100 first, with the total count).
import type { BenchContext, Workload } from './types.ts'
import { throughput } from './types.ts'

const DAY = 86_400_000

async function trackingPlan(ctx: BenchContext, filter: Record<string, string>) {
  const { tenant } = await ctx.integrated()
  const now = Date.now()
  const query = new URLSearchParams({
    startDate: new Date(now - 30 * DAY).toISOString(), endDate: new Date(now + DAY).toISOString(),
    searchOption: 'messages', limit: '100', ...filter,
  })
  const basic = Buffer.from(`${tenant.appliance.username}:${tenant.appliance.password}`).toString('base64')
  return {
    url: `${ctx.urls.esa}/esa/api/v2.0/message-tracking/messages?${query}`,
    method: 'GET' as const,
    headers: { authorization: `Basic ${basic}` },
    ...throughput(ctx),
  }
}

export const messageSearch: Workload = {
  name: 'esa-message-search',
  title: 'ESA message search, 10k messages (subject is …)',
  plan: (ctx) => trackingPlan(ctx, { subjectfilterOperator: 'is', subjectfilterValue: 'Quarterly invoice 0042' }),
}

export const trackingSearch: Workload = {
  name: 'asyncos-tracking-search',
  title: 'AsyncOS tracking search, 10k messages (30-day window, page of 100)',
  plan: (ctx) => trackingPlan(ctx, {}),
}
