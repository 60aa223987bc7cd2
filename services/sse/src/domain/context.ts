// What every SSE domain function receives: the store, the control-plane clock, a source of secrets and ids,
// and the instance's settings. Nothing here knows about HTTP.
import type { Clock } from '@ctrmock/kit/domain'
import type { SseStore } from '../store/index.ts'
import type { SseRandom } from './random.ts'

export interface SseContext {
  store: SseStore
  /** The control-plane clock. Every call names the org it acts for: the actor's, a token's, a device's. */
  clock: Clock
  random: SseRandom
  region: string
  heartbeatIntervalSeconds: number
}

/** Who acts: the org an admin token names, and a label for the audit log (user email, API client, device). */
export interface Actor {
  orgId: string
  label: string
}

/** Runs `work` with a context whose store writes in one transaction: everything `work` writes lands, or nothing. */
export function atomically<T>(ctx: SseContext, work: (ctx: SseContext) => Promise<T>): Promise<T> {
  return ctx.store.atomically((repos) => work({ ...ctx, store: { ...ctx.store, ...repos } }))
}
