// CTIM entities of an org, one row each: the document whole, plus the columns lookups use.
import { Prisma } from '@ctrmock/kit/db'
import type { Database } from './database.ts'
import type { EntityFilter } from '../domain/search-filter.ts'
import type { EntitySelection } from '../domain/search.ts'
import { afterSql, filterSql, orderSql } from './entity-filter-sql.ts'

export type Document = Record<string, unknown>

/** A stored entity: `key` is the id's last path segment (`judgement-<uuid>`), unique across orgs. */
export interface EntityRecord {
  key: string
  orgId: string
  type: string
  document: Document
  /** Fields stored with the entity but never part of it (an incident's `intervals`), kept in the row's document. */
  internal?: Document
}

export interface EntityIndex {
  externalIds: string[]
  observables: string[]
  timestamp: Date
  createdAt: Date
  modifiedAt: Date
  /** The document's searchable form (domain/search-index.ts). */
  searchable: { values: unknown; words: unknown }
}

/** A row to write: the entity and its index columns. */
export interface EntityRow {
  record: EntityRecord
  index: EntityIndex
}

/** Rows per INSERT of a batch, so one statement's JSON stays a few megabytes. */
const INSERT_BATCH = 1000

/** One page of a search, with how many rows matched (before the cursor too, as Elasticsearch's total hits). */
export interface EntityPage {
  records: EntityRecord[]
  total: number
}

/** A relationship that names one of an observable's entities (`entity`) as its source or target. */
export interface ObservableLink {
  entity: string
  sourceRef: string
  targetRef: string
  relationshipType: string
}

type Row = { id: string; orgId: string; type: string; document: Prisma.JsonValue }

const searchColumns = (searchable: EntityIndex['searchable']) => ({
  searchable: searchable.values as Prisma.InputJsonValue, searchWords: searchable.words as Prisma.InputJsonValue,
})

// The fields CTIA keeps in a family's Elasticsearch document and strips from every answer (un-store-incident).
const INTERNAL_FIELDS: Record<string, string[]> = { incident: ['intervals'] }

/** The document a row holds: the entity with its internal fields. */
const storedDocument = (record: EntityRecord): Document => (record.internal ? { ...record.document, ...record.internal } : record.document)

function toRecord(row: Row): EntityRecord {
  const stored = row.document as Document
  const internalFields = (INTERNAL_FIELDS[row.type] ?? []).filter((field) => field in stored)
  if (internalFields.length === 0) return { key: row.id, orgId: row.orgId, type: row.type, document: stored }
  const document = { ...stored }
  const internal: Document = {}
  for (const field of internalFields) {
    internal[field] = document[field]
    delete document[field]
  }
  return { key: row.id, orgId: row.orgId, type: row.type, document, internal }
}
const SELECT = { id: true, orgId: true, type: true, document: true } as const

/** `written` hears how many rows each insert added (the store refreshes statistics after large loads). */
export function entityStore(db: Database, written?: (rows: number) => void) {
  return {
    /** Writes rows with one INSERT per batch, the batch sent as one JSON parameter. */
    async insertMany(rows: EntityRow[]): Promise<void> {
      for (let at = 0; at < rows.length; at += INSERT_BATCH) {
        const batch = rows.slice(at, at + INSERT_BATCH).map(({ record, index }) => ({
          id: record.key, orgId: record.orgId, type: record.type, document: storedDocument(record),
          externalIds: index.externalIds, observables: index.observables, timestamp: index.timestamp.toISOString(),
          createdAt: index.createdAt.toISOString(), modifiedAt: index.modifiedAt.toISOString(),
          searchable: index.searchable.values, searchWords: index.searchable.words,
        }))
        await db.$executeRaw`
          INSERT INTO "IntelEntity" ("id", "orgId", "type", "document", "externalIds", "observables", "timestamp", "createdAt", "modifiedAt", "searchable", "searchWords")
          SELECT r."id", r."orgId", r."type", r."document", r."externalIds", r."observables", r."timestamp", r."createdAt", r."modifiedAt", r."searchable", r."searchWords"
          FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r("id" text, "orgId" text, "type" text, "document" jsonb,
            "externalIds" text[], "observables" text[], "timestamp" timestamp(3), "createdAt" timestamp(3), "modifiedAt" timestamp(3),
            "searchable" jsonb, "searchWords" jsonb)`
        written?.(batch.length)
      }
    },

    async replace(record: EntityRecord, index: EntityIndex): Promise<boolean> {
      const { count } = await db.intelEntity.updateMany({
        where: { id: record.key, orgId: record.orgId },
        data: { document: storedDocument(record) as Prisma.InputJsonValue, ...index, ...searchColumns(index.searchable) },
      })
      return count === 1
    },

    async find(orgId: string, key: string): Promise<EntityRecord | undefined> {
      const row = await db.intelEntity.findFirst({ where: { id: key, orgId }, select: SELECT })
      return row ? toRecord(row) : undefined
    },

    /** An entity whatever its org: only for what a secret, not a token, unlocks (a feed's view). */
    async findAnyOrg(key: string): Promise<EntityRecord | undefined> {
      const row = await db.intelEntity.findUnique({ where: { id: key }, select: SELECT })
      return row ? toRecord(row) : undefined
    },

    async findMany(orgId: string, keys: string[]): Promise<EntityRecord[]> {
      if (keys.length === 0) return []
      const rows = await db.intelEntity.findMany({ where: { orgId, id: { in: keys } }, select: SELECT })
      return rows.map(toRecord)
    },

    /** One page of what `selection` picks of a family in an org, and the counts its paging headers need. */
    async search(orgId: string, type: string, selection: EntitySelection): Promise<EntityPage> {
      const where = Prisma.sql`"orgId" = ${orgId} AND "type" = ${type} AND ${filterSql(selection.filter)}`
      const after = selection.after ? afterSql(selection.keys, selection.after) : Prisma.sql`TRUE`
      const [counts] = await db.$queryRaw<{ total: number }[]>`
        SELECT count(*)::int AS total FROM "IntelEntity" WHERE ${where}`
      const total = counts?.total ?? 0
      if (selection.limit === 0 || total <= selection.offset) return { records: [], total }
      const rows = await db.$queryRaw<Row[]>`
        SELECT "id", "orgId", "type", "document" FROM "IntelEntity" WHERE ${where} AND ${after}
        ORDER BY ${orderSql(selection.keys)} LIMIT ${selection.limit} OFFSET ${selection.offset}`
      return { records: rows.map(toRecord), total }
    },

    async count(orgId: string, type: string, filter: EntityFilter): Promise<number> {
      const [row] = await db.$queryRaw<{ total: number }[]>`
        SELECT count(*)::int AS total FROM "IntelEntity" WHERE "orgId" = ${orgId} AND "type" = ${type} AND ${filterSql(filter)}`
      return row?.total ?? 0
    },

    /** Every entity of a family in an org that `filter` selects, oldest first. */
    async select(orgId: string, type: string, filter: EntityFilter): Promise<EntityRecord[]> {
      const rows = await db.$queryRaw<Row[]>`
        SELECT "id", "orgId", "type", "document" FROM "IntelEntity"
        WHERE "orgId" = ${orgId} AND "type" = ${type} AND ${filterSql(filter)} ORDER BY "timestamp", "id"`
      return rows.map(toRecord)
    },

    /**
     * The relationships naming any `type` entity about `observable` as source or target, in one query (the observable
     * routes are on CTR's enrich path).
     */
    async observableLinks(orgId: string, type: string, observable: string): Promise<ObservableLink[]> {
      return db.$queryRaw<ObservableLink[]>`
        WITH about AS (
          SELECT "document" ->> 'id' AS id FROM "IntelEntity" WHERE "orgId" = ${orgId} AND "type" = ${type} AND "observables" @> ARRAY[${observable}]::text[]
        )
        SELECT about.id AS entity, r."document" ->> 'source_ref' AS "sourceRef", r."document" ->> 'target_ref' AS "targetRef",
          r."document" ->> 'relationship_type' AS "relationshipType"
        FROM about JOIN "IntelEntity" r ON r."orgId" = ${orgId} AND r."type" = 'relationship'
          AND (r."searchable" @> jsonb_build_object('v', jsonb_build_object('source_ref', lower(about.id)))
            OR r."searchable" @> jsonb_build_object('v', jsonb_build_object('target_ref', lower(about.id))))
          AND (r."document" ->> 'source_ref' = about.id OR r."document" ->> 'target_ref' = about.id)`
    },

    /** Rows written before search read the searchable column, a batch at a time. */
    async unsearchable(limit: number): Promise<EntityRecord[]> {
      const rows = await db.intelEntity.findMany({ where: { searchable: { equals: Prisma.DbNull } }, select: SELECT, take: limit })
      return rows.map(toRecord)
    },

    async setSearchable(key: string, searchable: EntityIndex['searchable']): Promise<void> {
      await db.intelEntity.update({ where: { id: key }, data: searchColumns(searchable) })
    },

    /** Every entity of a family in an org, oldest first. */
    async listType(orgId: string, type: string): Promise<EntityRecord[]> {
      const rows = await db.intelEntity.findMany({ where: { orgId, type }, select: SELECT, orderBy: [{ timestamp: 'asc' }, { id: 'asc' }] })
      return rows.map(toRecord)
    },

    async byExternalIds(orgId: string, type: string, externalIds: string[]): Promise<EntityRecord[]> {
      if (externalIds.length === 0) return []
      const rows = await db.intelEntity.findMany({ where: { orgId, type, externalIds: { hasSome: externalIds } }, select: SELECT, orderBy: { id: 'asc' } })
      return rows.map(toRecord)
    },

    /** Entities of a family about an observable (`type:value`). */
    async byObservable(orgId: string, type: string, observable: string): Promise<EntityRecord[]> {
      const rows = await db.intelEntity.findMany({ where: { orgId, type, observables: { has: observable } }, select: SELECT, orderBy: { id: 'asc' } })
      return rows.map(toRecord)
    },

    async delete(orgId: string, key: string): Promise<boolean> {
      const { count } = await db.intelEntity.deleteMany({ where: { id: key, orgId } })
      return count === 1
    },

    async deleteMany(orgId: string, keys: string[]): Promise<number> {
      if (keys.length === 0) return 0
      const { count } = await db.intelEntity.deleteMany({ where: { orgId, id: { in: keys } } })
      return count
    },
  }
}

export type EntityStore = ReturnType<typeof entityStore>
