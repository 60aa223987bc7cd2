// What the route plugins share: the store, the background registration runner and the SSE clients.
import type { Clock } from '@ctrmock/kit'
import type { EsaConfig } from './config.ts'
import type { EsaStore } from './store/index.ts'
import type { CloudRegistrationRunner } from './runners/cloud-registration.ts'
import type { SseClients } from './clients/sse.ts'

export interface EsaContext {
  config: EsaConfig
  store: EsaStore
  runner: CloudRegistrationRunner
  sse: SseClients
  /** The control-plane clock as one org sees it (orgs may move their own time). */
  clockOf(orgId: string): Clock
}
