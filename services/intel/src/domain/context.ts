// What every intel domain function receives: the store, the control-plane clock, a source of ids, and the
// instance's settings. Nothing here knows about HTTP.
import type { Clock } from '@ctrmock/kit/domain'
import type { IntelStore, IntelRepositories } from '../store/index.ts'

export interface IntelContext {
  store: IntelStore
  clock: Clock
  /** A fresh UUID (random in service, seeded in tests). */
  uuid: () => string
  /** The host in entity ids: `https://<publicHost>/ctia/<type>/<type>-<uuid>`. */
  publicHost: string
  region: string
}

/** Who acts: the org of the access token, the user or API client, and what the token allows. */
export interface Actor {
  orgId: string
  /** The `owner` of what this actor creates (user id, else the token's subject). */
  owner: string
  clientId?: string
  scopes: string[]
}

/** A context whose store writes in one transaction. */
export function atomically<T>(ctx: IntelContext, work: (ctx: IntelContext) => Promise<T>): Promise<T> {
  return ctx.store.atomically((repos: IntelRepositories) => work({ ...ctx, store: { ...ctx.store, ...repos } }))
}
