// createCtrStore(prisma): the typed object CTR's domain and routes receive; the only code that touches Prisma.
import type { PrismaClient } from '@ctrmock/kit/db'
import { identityStore } from './identity.ts'
import { signingKeyStore } from './signing-keys.ts'
import { moduleInstanceStore } from './module-instances.ts'
import { moduleTypeStore } from './module-types.ts'
import { judgementStore } from './judgements.ts'
import { irohDocumentStore } from './iroh-documents.ts'
import { userStore } from './users.ts'
import { oauthClientStore } from './oauth-clients.ts'
import { oauthGrantStore } from './oauth-grants.ts'

export function createCtrStore(prisma: PrismaClient) {
  const store = {
    identity: identityStore(prisma),
    signingKeys: signingKeyStore(prisma),
    moduleInstances: moduleInstanceStore(prisma),
    moduleTypes: moduleTypeStore(prisma),
    judgements: judgementStore(prisma),
    documents: irohDocumentStore(prisma),
    users: userStore(prisma),
    oauthClients: oauthClientStore(prisma),
    oauthGrants: oauthGrantStore(prisma),
    /** Deletes one org's rows, or every org's (signing keys stay: they are the instance's, not an org's). */
    async reset(orgId?: string): Promise<void> {
      await store.judgements.deleteAll(orgId)
      await store.documents.deleteAll(orgId)
      await store.oauthGrants.deleteAll(orgId)
      await store.oauthClients.deleteAll(orgId)
      await store.moduleInstances.deleteAll(orgId)
      await store.moduleTypes.deleteAll(orgId)
      await store.identity.deleteOrgIdentity(orgId)
    },
  }
  return store
}
export type CtrStore = ReturnType<typeof createCtrStore>
