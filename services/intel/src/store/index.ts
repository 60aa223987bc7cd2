// createIntelStore(prisma): the one object the intel domain receives; the only door to the database.
import type { PrismaClient } from '@ctrmock/kit/db'
import { entityStore } from './entities.ts'
import type { Database } from './database.ts'

function repositories(db: Database) {
  return { entities: entityStore(db) }
}

export type IntelRepositories = ReturnType<typeof repositories>

export function createIntelStore(prisma: PrismaClient) {
  return {
    ...repositories(prisma),
    /** Runs `work` in one transaction: a bundle or bulk write lands whole or not at all. */
    atomically: <T>(work: (repos: IntelRepositories) => Promise<T>): Promise<T> =>
      prisma.$transaction((tx) => work(repositories(tx)), { maxWait: 15_000, timeout: 60_000 }),
    /** Deletes one org's entities, or every entity when no org is given (/__mock/reset). */
    reset: async (orgId?: string): Promise<void> => {
      await prisma.intelEntity.deleteMany({ where: orgId === undefined ? {} : { orgId } })
    },
  }
}

export type IntelStore = ReturnType<typeof createIntelStore>
export type { EntityRecord, EntityIndex, EntityRow, Document } from './entities.ts'
