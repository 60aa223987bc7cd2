// ESA's wiring, shared by the route plugins: the store, the background registration runner and the SSE clients.
import { randomBytes } from 'node:crypto'
import type { Clock } from '@ctrmock/kit'
import type { EsaConfig } from './config.ts'
import type { EsaStore } from './store/index.ts'
import type { CloudRegistrationRunner } from './runners/cloud-registration.ts'
import type { SseClients } from './clients/sse.ts'
import type { EsaRandom } from './domain/random.ts'
import type { MachineReadings } from './domain/system-health.ts'
import type { DiskReadings } from './domain/xml-status.ts'

/** Randomness for appliance ids and credentials nobody can guess. */
export const cryptoRandom: EsaRandom = { bytes: (length) => randomBytes(length) }

export interface EsaWiring {
  config: EsaConfig
  store: EsaStore
  runner: CloudRegistrationRunner
  sse: SseClients
  /** The appliance's own time (busy phase, jwtToken expiry): an org may move it without moving other services. */
  clockOf(orgId: string): Clock
  /**
   * The service's control-plane time, for what other services compare with their own clocks: device JWTs to and
   * from SSE, and tracked-message timestamps that CTR searches by its time window.
   */
  serviceClock: Clock
  /** The host's load and memory, reported as the appliance's system health. */
  readMachine(): Promise<MachineReadings>
  /** The host's disk, reported as the appliance's log disk. */
  readDisk(): Promise<DiskReadings>
  /** SMTP connections open to an appliance. */
  smtpConnections(applianceId: string): number
}
