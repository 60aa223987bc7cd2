// The Spam Quarantine's rows: the safelist and blocklist pairs, and the mails it holds (each with its tracked
// message, which a release or delete updates in the same transaction).
import type { PrismaClient } from '@ctrmock/kit/db'
import type { QuarantineList } from '@ctrmock/types'
import type { ListPair } from '../domain/safelist-blocklist.ts'
import type { HeldMessage, QuarantineReason } from '../domain/spam-quarantine.ts'
import type { TrackedMessageRecord } from '../domain/tracked-messages.ts'
import { READ, toRecord } from './tracked-messages.ts'

// Pairs removed per statement: a delete of a long list stays a few statements of bounded size.
const BATCH = 1_000
const HELD = { reason: true, toHeader: true, body: true, quarantinedAt: true, message: { select: READ } } as const

export function spamQuarantineStore(prisma: PrismaClient, now: () => Date) {
  const heldOf = (row: { reason: string; toHeader: string; body: string; quarantinedAt: Date; message: Parameters<typeof toRecord>[0] }): HeldMessage =>
    ({ reason: row.reason as QuarantineReason, toHeader: row.toHeader, body: row.body, quarantinedAt: row.quarantinedAt, message: toRecord(row.message) })

  return {
    async listPairs(applianceId: string, list: QuarantineList): Promise<ListPair[]> {
      return prisma.quarantineListEntry.findMany({ where: { applianceId, list }, select: { recipient: true, sender: true } })
    },

    /** Both lists' pairs of these recipients: what the intake checks a mail against. */
    async listsOf(applianceId: string, recipients: string[]): Promise<Record<QuarantineList, ListPair[]>> {
      const rows = await prisma.quarantineListEntry.findMany({
        where: { applianceId, recipient: { in: recipients.map((r) => r.toLowerCase()) } }, select: { list: true, recipient: true, sender: true },
      })
      const of = (list: QuarantineList) => rows.filter((r) => r.list === list).map(({ recipient, sender }) => ({ recipient, sender }))
      return { safelist: of('safelist'), blocklist: of('blocklist') }
    },

    /** Applies a change computed from the list as it is, under a lock on the appliance so changes do not interleave. */
    async changeList(applianceId: string, orgId: string, list: QuarantineList, change: (current: ListPair[]) => { remove: ListPair[]; add: ListPair[] }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "EsaAppliance" WHERE "id" = ${applianceId} FOR UPDATE`
        const current = await tx.quarantineListEntry.findMany({ where: { applianceId, list }, select: { recipient: true, sender: true } })
        const { remove, add } = change(current)
        for (let i = 0; i < remove.length; i += BATCH) await tx.quarantineListEntry.deleteMany({ where: { applianceId, list, OR: remove.slice(i, i + BATCH) } })
        if (add.length > 0) await tx.quarantineListEntry.createMany({ data: add.map((p) => ({ applianceId, orgId, list, ...p, createdAt: now() })) })
      })
    },

    async held(applianceId: string): Promise<HeldMessage[]> {
      return (await prisma.spamQuarantineMessage.findMany({ where: { applianceId }, select: HELD })).map(heldOf)
    },

    async heldOne(applianceId: string, mid: number): Promise<HeldMessage | undefined> {
      const row = await prisma.spamQuarantineMessage.findUnique({ where: { applianceId_mid: { applianceId, mid } }, select: HELD })
      return row ? heldOf(row) : undefined
    },

    /** Lets the held mails among `mids` go, each tracked message updated as `outcome` says; how many were held. */
    async letGo(applianceId: string, mids: number[], outcome: (m: TrackedMessageRecord) => { deliveryStatus: string; lastState: string }): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ mid: number }>>`
          DELETE FROM "SpamQuarantineMessage" WHERE "applianceId" = ${applianceId} AND "mid" = ANY(${mids}::int[]) RETURNING "mid"`
        const messages = await tx.trackedMessage.findMany({ where: { applianceId, mid: { in: rows.map((r) => r.mid) } }, select: READ })
        for (const m of messages) await tx.trackedMessage.update({ where: { applianceId_mid: { applianceId, mid: m.mid } }, data: outcome(toRecord(m)) })
        return rows.length
      })
    },
  }
}

export type SpamQuarantineStore = ReturnType<typeof spamQuarantineStore>
