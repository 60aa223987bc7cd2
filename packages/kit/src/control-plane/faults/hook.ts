// The onRequest hook that applies the first matching fault rule: an error in the vendor shape, added latency,
// a connection reset, or a request that never answers. Every firing goes to the journal.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ControlPlaneStore } from '../state-store.ts'
import type { Journal } from '../journal.ts'
import type { Clock } from '../../clock.ts'
import { ruleMatches, seededDraw, type FaultRule } from './rules.ts'
import { defaultCode, envelopes, type ErrorShape } from '../../errors/envelopes.ts'
import { errorShapeOf } from '../../errors/handlers.ts'

export interface FaultHookContext {
  store: ControlPlaneStore
  journal: Journal
  region?: string
  errorShape: ErrorShape
  clock: Clock
}

async function fires(ctx: FaultHookContext, rule: FaultRule): Promise<boolean> {
  if (rule.probability < 1) {
    const n = rule.seed === undefined ? 0 : await ctx.store.nextEvaluation(rule.id)
    if (n === undefined) return false
    const draw = rule.seed === undefined ? Math.random() : seededDraw(rule.seed, n)
    if (draw >= rule.probability) return false
  }
  return ctx.store.claimFiring(rule)
}

export function faultHook(ctx: FaultHookContext) {
  return async function faultsOf(request: FastifyRequest, reply: FastifyReply) {
    // Returning the reply tells Fastify the hook has answered (or taken over) the request.
    if (!request.url.startsWith('/__mock/') && (await applyFaults(ctx, request, reply))) return reply
  }
}

/** Applies the first matching rule that fires; true when the request got its answer here (or never will). */
async function applyFaults(ctx: FaultHookContext, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const facts = { method: request.method, path: request.url.split('?')[0]!, org: request.org, region: ctx.region }
  const rule = ctx.store.faults.find((r) => ruleMatches(r, facts))
  if (!rule || !(await fires(ctx, rule))) return false

  request.firedFault = { id: rule.id, type: rule.action.type }
  const { action } = rule
  if (action.type === 'latency') {
    await sleep(action.delayMs ?? 1_000)
    return false
  }
  if (action.type === 'error') {
    const status = action.status ?? 503
    const body = action.body ?? envelopes[errorShapeOf(request, ctx.errorShape)]({
      status,
      code: defaultCode(status),
      message: `Injected fault ${rule.id}`,
    })
    await reply.code(status).send(body)
    return true
  }
  // reset and timeout never produce a response, so they are journaled here.
  ctx.journal.add({
    at: ctx.clock.now(request.org), method: request.method, url: request.url,
    status: 0, org: request.org, durationMs: 0, fault: request.firedFault,
  })
  reply.hijack()
  if (action.type === 'reset') {
    request.raw.socket.resetAndDestroy?.() ?? request.raw.socket.destroy()
    return true
  }
  setTimeout(() => request.raw.socket.destroy(), action.delayMs ?? 60_000).unref()
  return true
}
