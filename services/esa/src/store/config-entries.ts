// An appliance's configuration lists (/config dictionaries, URL lists, file hash lists, message filters), each entry
// a document in its place; a change reads a kind's entries under a lock on the appliance and writes them back.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { ConfigKind, Named } from '../domain/config-lists.ts'

export function configEntryStore(prisma: PrismaClient, now: () => Date) {
  return {
    async list<T extends Named>(applianceId: string, kind: ConfigKind): Promise<T[]> {
      const rows = await prisma.esaConfigEntry.findMany({ where: { applianceId, kind }, orderBy: { position: 'asc' }, select: { document: true } })
      return rows.map((row) => row.document as unknown as T)
    },

    /** Replaces the kind's entries with what `change` makes of them; what `change` returns besides is passed on. */
    async change<T extends Named, R = undefined>(applianceId: string, orgId: string, kind: ConfigKind, change: (current: T[]) => { entries: T[]; result?: R }): Promise<R | undefined> {
      return prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "EsaAppliance" WHERE "id" = ${applianceId} FOR UPDATE`
        const rows = await tx.esaConfigEntry.findMany({ where: { applianceId, kind }, orderBy: { position: 'asc' }, select: { document: true } })
        const { entries, result } = change(rows.map((row) => row.document as unknown as T))
        await tx.esaConfigEntry.deleteMany({ where: { applianceId, kind } })
        await tx.esaConfigEntry.createMany({
          data: entries.map((entry, position) => ({ applianceId, orgId, kind, name: entry.name, position, document: entry as object, updatedAt: now() })),
        })
        return result
      })
    },
  }
}

export type ConfigEntryStore = ReturnType<typeof configEntryStore>
