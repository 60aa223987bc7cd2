// createEsaStore(prisma): the typed object the domain, the routes and the runners receive. Only src/store/ touches Prisma.
import type { PrismaClient } from '@ctrmock/kit/db'
import { applianceStore } from './appliances.ts'
import { cloudServiceSettingsStore } from './cloud-service-settings.ts'
import { trackedMessageStore } from './tracked-messages.ts'
import { spamQuarantineStore } from './spam-quarantine.ts'
import { configEntryStore } from './config-entries.ts'

export function createEsaStore(prisma: PrismaClient, now: () => Date) {
  return {
    appliances: applianceStore(prisma, now),
    cloudServiceSettings: cloudServiceSettingsStore(prisma),
    trackedMessages: trackedMessageStore(prisma),
    spamQuarantine: spamQuarantineStore(prisma, now),
    configEntries: configEntryStore(prisma, now),
  }
}

export type EsaStore = ReturnType<typeof createEsaStore>
