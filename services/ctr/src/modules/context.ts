// What a module adapter needs to answer one call. Adapters sit between routes and the outside: they call clients
// (SSE, relay modules) or the store, and hand plain values to domain functions for mapping.
import type { Clock } from '@ctrmock/kit'
import type { Observable } from '@ctrmock/types'
import type { CtrStore } from '../store/index.ts'
import type { SseClient } from '../clients/sse.ts'
import type { RelayClient } from '../clients/relay.ts'
import type { RelayUrlPolicy } from '../domain/relay-urls.ts'
import type { ModuleInstance } from '../domain/module-instances.ts'
import type { ModuleKind } from '../domain/module-types.ts'
import type { ModuleError, ModuleRef } from '../domain/enrich.ts'

export type ModuleApi = 'health' | 'observe/observables' | 'deliberate/observables' | 'refer/observables' | 'respond/observables' | 'respond/trigger'

export interface ModuleContext {
  store: CtrStore
  clock: Clock
  sse: SseClient
  relay: RelayClient
  relayPolicy: RelayUrlPolicy
  timeoutMs: number
  /** Base URL of this CTR as the caller reached it (refer links to the control plane). */
  publicUrl: string
}

/** An org's module instance with what its type says about it. */
export interface ResolvedModule {
  instance: ModuleInstance
  kind: ModuleKind
  ref: ModuleRef
  typeProperties: Record<string, unknown>
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

export type ModuleInput = { observables: Observable[]; window?: TimeWindow } | { trigger: TriggerInput } | Record<string, never>

export interface ModuleAnswer {
  data?: unknown
  errors: ModuleError[]
}

export interface ModuleAdapter {
  /** Whether the module takes part in this call at all (api supported and something to ask). */
  wants(module: ResolvedModule, api: ModuleApi, input: ModuleInput): boolean
  call(module: ResolvedModule, api: ModuleApi, input: ModuleInput, ctx: ModuleContext): Promise<ModuleAnswer>
}

export function observablesOf(input: ModuleInput): Observable[] {
  return 'observables' in input ? input.observables : []
}
