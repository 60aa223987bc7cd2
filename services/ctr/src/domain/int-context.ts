// What the iroh-int document use cases (integrations, module-type patches) receive: the document store, the
// control-plane clock, an id source and a module-type lookup. Nothing here knows about HTTP.
import type { ModuleType } from '@ctrmock/types'
import type { IrohDocumentStore } from '../store/iroh-documents.ts'

export interface IntContext {
  documents: IrohDocumentStore
  now: () => Date
  newId: () => string
  /** A module type the org sees (built in or its own), or undefined. */
  findModuleType: (orgId: string, id: string) => Promise<ModuleType | undefined>
}

/** Who writes: the org, user and API client a token names. */
export interface IntActor {
  orgId: string
  userId: string
  clientId: string
}
