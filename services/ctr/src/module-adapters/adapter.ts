// What a module adapter needs to answer one call. Adapters sit between routes and the outside: they call clients
// (SSE, relay modules) or the store, and hand plain values to domain functions for mapping.
import type { Observable } from '@ctrmock/types'
import type { SseClient } from '../clients/sse.ts'
import type { RelayClient } from '../clients/relay.ts'
import type { IntelClient } from '../clients/intel.ts'
import type { CtrContext } from '../domain/context.ts'
import type { ResolvedModule } from '../domain/module-instances.ts'
import type { ModuleError } from '../domain/enrich.ts'

export type ModuleApi = 'health' | 'observe/observables' | 'deliberate/observables' | 'refer/observables' | 'respond/observables' | 'respond/trigger'
  | DashboardApi

/** A SecureX dashboard's calls: the module's tiles, and one tile's data for a period. */
export type DashboardApi = 'tiles' | 'tiles/tile-data'

export function isDashboardApi(api: ModuleApi): api is DashboardApi {
  return api === 'tiles' || api === 'tiles/tile-data'
}

/** The domain's context and the clients to the outside. */
export interface AdapterContext extends CtrContext {
  sse: SseClient
  relay: RelayClient
  /** The paired intel service, when the region has one. */
  intel?: { client: IntelClient; publicUrl: string }
  timeoutMs: number
  /** Base URL of this CTR as the caller reached it (refer links to the control plane). */
  publicUrl: string
  /** Signs claims with CTR's newest RS256 key, as its access tokens are (relays' configuration tokens). */
  signRs256: (claims: Record<string, unknown>) => Promise<string>
}

export interface TriggerInput {
  actionId: string
  /** observable_type, observable_value and the action's other query parameters. */
  params: Record<string, string>
}

/** observe/targets may narrow the time window a module searches. */
export interface TimeWindow {
  start?: Date
  end?: Date
}

/** One tile's data: the relay's tile id and a period it offers (`last_24_hours`, ...). */
export interface TileInput {
  tileId: string
  period: string
}

export type ModuleInput = { observables: Observable[]; window?: TimeWindow } | { trigger: TriggerInput } | { tile: TileInput } | Record<string, never>

export interface ModuleAnswer {
  data?: unknown
  errors: ModuleError[]
}

export interface ModuleAdapter {
  /** Whether the module takes part in this call at all (api supported and something to ask). */
  wants(module: ResolvedModule, api: ModuleApi, input: ModuleInput): boolean
  call(module: ResolvedModule, api: ModuleApi, input: ModuleInput, ctx: AdapterContext): Promise<ModuleAnswer>
}

export function observablesOf(input: ModuleInput): Observable[] {
  return 'observables' in input ? input.observables : []
}
