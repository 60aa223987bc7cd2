// What every CTR use case receives: the store, the control-plane clock, ids and secrets, the region's built-in module
// types and the relay URL policy. Nothing here knows about HTTP.
import type { Clock } from '@ctrmock/kit/domain'
import type { IrohEvent } from '@ctrmock/types'
import type { CtrStore } from '../store/index.ts'
import type { CtrRandom } from './random.ts'
import type { BuiltinModuleTypes } from './builtin-module-types.ts'
import type { RelayUrlPolicy } from './relay-urls.ts'

export interface CtrContext {
  store: CtrStore
  /** The control-plane clock. Every call names the org it acts for. */
  clock: Clock
  random: CtrRandom
  builtinTypes: BuiltinModuleTypes
  relayPolicy: RelayUrlPolicy
  /** Called with every event recorded, once it is stored: webhooks are delivered from here. */
  published?: (event: IrohEvent) => void
}

/** Who acts: the org, user and API client an access token names. */
export interface Caller {
  orgId: string
  userId: string
  clientId: string
}
