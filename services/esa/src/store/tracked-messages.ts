// Tracked messages: MIDs handed out in the same transaction as the insert (no gaps, no duplicates), bulk loads in
// one-statement batches, and the AsyncOS / device searches as indexed queries.
import { randomUUID } from 'node:crypto'
import { Prisma, type PrismaClient } from '@ctrmock/kit/db'
import type { MailTally } from '../domain/xml-status.ts'
import type { DeviceSearchCriteria } from '../domain/device-search.ts'
import type { MessageCriteria, Page } from '../domain/message-tracking.ts'
import type { Attachment, MessageDraft, TrackedMessageRecord } from '../domain/tracked-messages.ts'
import type { HeldMessage } from '../domain/spam-quarantine.ts'
import type { RecipientsByVerdict } from '../domain/reports.ts'
import { addressOf, domainOf, normalizeMessageId } from '../domain/tracked-messages.ts'
import { conflict } from '../domain/errors.ts'
import { deviceSearchStatement } from './device-search-sql.ts'
import { messageSearchStatements } from './message-search-sql.ts'

// What reads fetch: the message as tracked, not its search columns.
export const READ = {
  applianceId: true, orgId: true, mid: true, icid: true, direction: true, senderIp: true, sender: true, recipients: true,
  fromHeader: true, replyTo: true, subject: true, messageIdHeader: true, attachments: true, size: true,
  deliveryStatus: true, lastState: true, spamVerdict: true, mailPolicies: true, timestamp: true,
} satisfies Prisma.TrackedMessageSelect
export type Row = Prisma.TrackedMessageGetPayload<{ select: typeof READ }>
// The searches' SELECT list (the same columns).
const READ_LIST = Object.keys(READ).map((column) => `"${column}"`).join(', ')

// Lists are stored lowercased as "\na\nb\n": is / begins_with / contains on any entry is then one LIKE.
const listSearch = (values: string[]) => `\n${values.map((v) => v.toLowerCase()).join('\n')}\n`

function toRow(m: TrackedMessageRecord): Prisma.TrackedMessageCreateManyInput {
  return {
    id: randomUUID(), orgId: m.orgId, applianceId: m.applianceId, mid: m.mid, icid: m.icid, direction: m.direction,
    senderIp: m.senderIp, sender: m.sender, senderSearch: m.sender.toLowerCase(), senderDomain: domainOf(m.sender),
    recipients: m.recipients, recipientsSearch: listSearch(m.recipients), fromHeader: m.fromHeader,
    fromAddress: addressOf(m.fromHeader), replyTo: m.replyTo, subject: m.subject, subjectSearch: m.subject.toLowerCase(),
    messageIdHeader: m.messageIdHeader,
    messageIdSearch: normalizeMessageId(m.messageIdHeader), attachments: m.attachments as unknown as Prisma.InputJsonValue,
    attachmentNamesSearch: listSearch(m.attachments.map((a) => a.fileName)),
    attachmentSha256s: m.attachments.map((a) => a.sha256.toLowerCase()), size: m.size,
    deliveryStatus: m.deliveryStatus, lastState: m.lastState, spamVerdict: m.spamVerdict ?? null, mailPolicies: m.mailPolicies,
    timestamp: m.timestamp,
  }
}

export function toRecord(r: Row): TrackedMessageRecord {
  return {
    applianceId: r.applianceId, orgId: r.orgId, mid: r.mid, icid: r.icid, direction: r.direction as 'incoming' | 'outgoing',
    senderIp: r.senderIp, sender: r.sender, recipients: r.recipients, fromHeader: r.fromHeader, replyTo: r.replyTo,
    subject: r.subject, messageIdHeader: r.messageIdHeader, attachments: r.attachments as unknown as Attachment[],
    size: r.size, deliveryStatus: r.deliveryStatus, lastState: r.lastState, spamVerdict: r.spamVerdict, mailPolicies: r.mailPolicies,
    timestamp: r.timestamp,
  }
}

const BATCH = 5_000
// A bulk load this large is vacuumed at once: until autovacuum gets to it, the AsyncOS count cannot use an
// index-only scan on its pages. VACUUM visits only pages not yet all-visible, so it costs what the load wrote.
const VACUUM_AFTER_ROWS = 1_000
// Statistics are refreshed too when the load is a tenth of the table or more, so the planner does not take a grown
// table for a tiny one; smaller loads skip ANALYZE, whose sample reads pages from all over a large table.
const ANALYZE_SHARE = 0.1

/** The VACUUM after a bulk load of `loaded` rows into a table the planner believes holds `knownRows` (-1: never counted). */
export function vacuumAfterLoad(loaded: number, knownRows: number): string {
  return knownRows < 0 || loaded >= knownRows * ANALYZE_SHARE ? 'VACUUM (ANALYZE) "TrackedMessage"' : 'VACUUM "TrackedMessage"'
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } }; message?: string }
  return e.code === 'P2002' || e.meta?.code === '23505' || e.meta?.driverAdapterError?.cause?.originalCode === '23505' || /23505|Unique constraint/.test(e.message ?? '')
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

/** Inserts rows with one statement over a JSON document, so a bulk load of any size is one round trip per batch. */
async function insertMany(tx: Tx, rows: Prisma.TrackedMessageCreateManyInput[]): Promise<void> {
  const doc = JSON.stringify(rows.map((r) => ({ ...r, timestamp: (r.timestamp as Date).toISOString() })))
  await tx.$executeRaw`
    INSERT INTO "TrackedMessage" ("id", "orgId", "applianceId", "mid", "icid", "direction", "senderIp", "sender",
      "senderSearch", "senderDomain", "recipients", "recipientsSearch", "fromHeader", "fromAddress", "replyTo", "subject",
      "subjectSearch", "messageIdHeader", "messageIdSearch", "attachments", "attachmentNamesSearch", "attachmentSha256s", "size",
      "deliveryStatus", "lastState", "timestamp")
    SELECT x."id", x."orgId", x."applianceId", x."mid", x."icid", x."direction", x."senderIp", x."sender",
      x."senderSearch", x."senderDomain", ARRAY(SELECT jsonb_array_elements_text(x."recipients")), x."recipientsSearch",
      x."fromHeader", x."fromAddress", x."replyTo", x."subject", x."subjectSearch", x."messageIdHeader", x."messageIdSearch", x."attachments",
      x."attachmentNamesSearch", ARRAY(SELECT jsonb_array_elements_text(x."attachmentSha256s")), x."size",
      x."deliveryStatus", x."lastState", (x."timestamp"::timestamptz AT TIME ZONE 'UTC')
    FROM jsonb_to_recordset(${doc}::jsonb) AS x("id" text, "orgId" text, "applianceId" text, "mid" int, "icid" int,
      "direction" text, "senderIp" text, "sender" text, "senderSearch" text, "senderDomain" text, "recipients" jsonb,
      "recipientsSearch" text, "fromHeader" text, "fromAddress" text, "replyTo" text, "subject" text,
      "subjectSearch" text, "messageIdHeader" text, "messageIdSearch" text, "attachments" jsonb, "attachmentNamesSearch" text,
      "attachmentSha256s" jsonb, "size" int, "deliveryStatus" text, "lastState" text, "timestamp" text)`
}

export function trackedMessageStore(prisma: PrismaClient) {
  return {
    /**
     * Numbers one accepted mail with the appliance's next MID and stores it, atomically; with `held`, the Spam
     * Quarantine holds it in the same transaction.
     */
    async record(applianceId: string, number: (mid: number) => TrackedMessageRecord, held?: Omit<HeldMessage, 'message'>): Promise<TrackedMessageRecord> {
      return prisma.$transaction(async (tx) => {
        const { nextMid } = await tx.esaAppliance.update({ where: { id: applianceId }, data: { nextMid: { increment: 1 } }, select: { nextMid: true } })
        const record = number(nextMid - 1)
        await tx.trackedMessage.create({ data: toRow(record) })
        if (held) await tx.spamQuarantineMessage.create({ data: { applianceId, mid: record.mid, orgId: record.orgId, ...held } })
        return record
      })
    },

    /**
     * Stores many drafts at once: MIDs and ICIDs the drafts lack come from blocks reserved on the appliance's
     * counters; the counters then move past any MID / ICID a draft brought. Fails whole on a duplicate MID.
     */
    async load(applianceId: string, drafts: MessageDraft[], number: (d: MessageDraft, mid: number, icid: number) => TrackedMessageRecord): Promise<number[]> {
      const mids = await prisma.$transaction(async (tx) => {
        const needMid = drafts.filter((d) => d.mid === undefined).length
        const needIcid = drafts.filter((d) => d.icid === undefined).length
        const counters = await tx.esaAppliance.update({
          where: { id: applianceId },
          data: { nextMid: { increment: needMid }, nextIcid: { increment: needIcid } },
          select: { nextMid: true, nextIcid: true },
        })
        let mid = counters.nextMid - needMid
        let icid = counters.nextIcid - needIcid
        const records = drafts.map((d) => number(d, d.mid ?? mid++, d.icid ?? icid++))
        for (let i = 0; i < records.length; i += BATCH) await insertMany(tx, records.slice(i, i + BATCH).map(toRow))
        const maxMid = records.reduce((max, r) => Math.max(max, r.mid), 0)
        const maxIcid = records.reduce((max, r) => Math.max(max, r.icid), 0)
        await tx.$executeRaw`UPDATE "EsaAppliance" SET "nextMid" = GREATEST("nextMid", ${maxMid + 1}),
          "nextIcid" = GREATEST("nextIcid", ${maxIcid + 1}) WHERE "id" = ${applianceId}`
        return records.map((r) => r.mid)
      }, { timeout: 120_000, maxWait: 10_000 }).catch((error: unknown) => {
        if (isUniqueViolation(error)) throw conflict('A tracked message with one of these MIDs already exists on this appliance.')
        throw error
      })
      // VACUUM cannot run in a transaction; it also sets the visibility map the index-only count needs.
      if (mids.length >= VACUUM_AFTER_ROWS) {
        const [known] = await prisma.$queryRaw<{ rows: number }[]>`SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = '"TrackedMessage"'::regclass`
        await prisma.$executeRawUnsafe(vacuumAfterLoad(mids.length, known?.rows ?? -1))
      }
      return mids
    },

    async search(criteria: MessageCriteria, page: Page): Promise<{ total: number; records: TrackedMessageRecord[] }> {
      if (criteria.impossible) return { total: 0, records: [] }
      const { count, page: newest } = messageSearchStatements(criteria, page, READ_LIST)
      const [[counted], rows] = await Promise.all([
        prisma.$queryRawUnsafe<Array<{ total: number }>>(count.text, ...count.values),
        prisma.$queryRawUnsafe<Row[]>(newest.text, ...newest.values),
      ])
      return { total: counted?.total ?? 0, records: rows.map(toRecord) }
    },

    /** The first of the MIDs (the message the others split from), within the window when one is given. */
    async find(q: { applianceId: string; from?: Date; to?: Date; mids: number[]; icid?: number }): Promise<TrackedMessageRecord | undefined> {
      const row = await prisma.trackedMessage.findFirst({
        select: READ,
        where: {
          applianceId: q.applianceId, mid: { in: q.mids },
          ...(q.from && q.to ? { timestamp: { gte: q.from, lte: q.to } } : {}), ...(q.icid !== undefined ? { icid: q.icid } : {}),
        },
        orderBy: { mid: 'asc' },
      })
      return row ? toRecord(row) : undefined
    },

    /** Recipients of the appliance's incoming mail in the window, by anti-spam verdict. */
    async recipientsByVerdict(applianceId: string, from: Date, to: Date): Promise<RecipientsByVerdict> {
      const rows = await prisma.$queryRaw<Array<{ verdict: string | null; recipients: number }>>`
        SELECT "spamVerdict" AS "verdict", COALESCE(SUM(cardinality("recipients")), 0)::int AS "recipients"
        FROM "TrackedMessage"
        WHERE "applianceId" = ${applianceId} AND "direction" = 'incoming'
          AND "timestamp" >= (${from.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND "timestamp" <= (${to.toISOString()}::timestamptz AT TIME ZONE 'UTC')
        GROUP BY "spamVerdict"`
      return rows as RecipientsByVerdict
    },

    /** The appliance's messages and recipients by delivery status: in all, and since each of `since`'s instants. */
    async tallies(applianceId: string, since: [Date, Date, Date]): Promise<MailTally[]> {
      const [a, b, c] = since.map((at) => at.toISOString())
      const rows = await prisma.$queryRaw<Array<{ status: string; m: number; r: number; m1: number; r1: number; m5: number; r5: number; m15: number; r15: number }>>`
        SELECT "deliveryStatus" AS "status", count(*)::int AS "m", COALESCE(SUM(cardinality("recipients")), 0)::int AS "r",
          count(*) FILTER (WHERE "timestamp" >= (${a}::timestamptz AT TIME ZONE 'UTC'))::int AS "m1",
          COALESCE(SUM(cardinality("recipients")) FILTER (WHERE "timestamp" >= (${a}::timestamptz AT TIME ZONE 'UTC')), 0)::int AS "r1",
          count(*) FILTER (WHERE "timestamp" >= (${b}::timestamptz AT TIME ZONE 'UTC'))::int AS "m5",
          COALESCE(SUM(cardinality("recipients")) FILTER (WHERE "timestamp" >= (${b}::timestamptz AT TIME ZONE 'UTC')), 0)::int AS "r5",
          count(*) FILTER (WHERE "timestamp" >= (${c}::timestamptz AT TIME ZONE 'UTC'))::int AS "m15",
          COALESCE(SUM(cardinality("recipients")) FILTER (WHERE "timestamp" >= (${c}::timestamptz AT TIME ZONE 'UTC')), 0)::int AS "r15"
        FROM "TrackedMessage" WHERE "applianceId" = ${applianceId}
        GROUP BY "deliveryStatus"`
      return rows.map((x) => ({
        deliveryStatus: x.status, messages: x.m, recipients: x.r,
        recent: [{ messages: x.m1, recipients: x.r1 }, { messages: x.m5, recipients: x.r5 }, { messages: x.m15, recipients: x.r15 }],
      }))
    },

    async deviceSearch(c: DeviceSearchCriteria): Promise<TrackedMessageRecord[]> {
      if (c.any.length === 0) return []
      const { text, values } = deviceSearchStatement(c, READ_LIST)
      const rows = await prisma.$queryRawUnsafe<Row[]>(text, ...values)
      return rows.map(toRecord)
    },
  }
}

export type TrackedMessageStore = ReturnType<typeof trackedMessageStore>
