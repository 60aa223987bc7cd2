// createIntelStore(prisma): the one object the intel domain receives; the only door to the database.
import type { PrismaClient } from '@ctrmock/kit/db'
import { entityStore } from './entities.ts'
import type { Database } from './database.ts'

function repositories(db: Database, written?: (rows: number) => void) {
  return { entities: entityStore(db, written) }
}

/** Writes below this many rows never make the planner's statistics stale enough to matter. */
const ANALYZE_MIN_ROWS = 1000
/** The share of the table a load must add before its statistics are refreshed at once. */
const ANALYZE_SHARE = 0.1

/**
 * After a load that adds a good share of the table, ANALYZE at once: until autovacuum gets to it, the planner plans
 * searches on the old statistics, and a search the GIN index answers at once becomes a scan of the org's rows.
 */
async function analyzeAfterLoad(prisma: PrismaClient, rows: number): Promise<void> {
  if (rows < ANALYZE_MIN_ROWS) return
  const [table] = await prisma.$queryRaw<{ rows: number }[]>`SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = '"IntelEntity"'::regclass`
  if (rows < ANALYZE_SHARE * Math.max(table?.rows ?? 0, 0)) return
  await prisma.$executeRaw`ANALYZE "IntelEntity"`
}

export type IntelRepositories = ReturnType<typeof repositories>

export function createIntelStore(prisma: PrismaClient) {
  return {
    ...repositories(prisma),
    /** Runs `work` in one transaction: a bundle or bulk write lands whole or not at all. */
    atomically: async <T>(work: (repos: IntelRepositories) => Promise<T>): Promise<T> => {
      let rows = 0
      const result = await prisma.$transaction((tx) => work(repositories(tx, (n) => { rows += n })), { maxWait: 15_000, timeout: 60_000 })
      await analyzeAfterLoad(prisma, rows)
      return result
    },
    /** Deletes one org's entities, or every entity when no org is given (/__mock/reset). */
    reset: async (orgId?: string): Promise<void> => {
      await prisma.intelEntity.deleteMany({ where: orgId === undefined ? {} : { orgId } })
    },
  }
}

export type IntelStore = ReturnType<typeof createIntelStore>
export type { EntityRecord, EntityIndex, EntityRow, Document } from './entities.ts'
