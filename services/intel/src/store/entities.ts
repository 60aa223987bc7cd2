// CTIM entities of an org, one row each: the document whole, plus the columns lookups use.
import type { Prisma } from '@ctrmock/kit/db'
import type { Database } from './database.ts'

export type Document = Record<string, unknown>

/** A stored entity: `key` is the id's last path segment (`judgement-<uuid>`), unique across orgs. */
export interface EntityRecord {
  key: string
  orgId: string
  type: string
  document: Document
}

export interface EntityIndex {
  externalIds: string[]
  observables: string[]
  timestamp: Date
  createdAt: Date
  modifiedAt: Date
}

type Row = { id: string; orgId: string; type: string; document: Prisma.JsonValue }

const toRecord = (row: Row): EntityRecord => ({ key: row.id, orgId: row.orgId, type: row.type, document: row.document as Document })
const SELECT = { id: true, orgId: true, type: true, document: true } as const

export function entityStore(db: Database) {
  return {
    async insert(record: EntityRecord, index: EntityIndex): Promise<void> {
      await db.intelEntity.create({
        data: { id: record.key, orgId: record.orgId, type: record.type, document: record.document as Prisma.InputJsonValue, ...index },
      })
    },

    async replace(record: EntityRecord, index: EntityIndex): Promise<boolean> {
      const { count } = await db.intelEntity.updateMany({
        where: { id: record.key, orgId: record.orgId },
        data: { document: record.document as Prisma.InputJsonValue, ...index },
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

    /** Every entity of a family in an org, oldest first; search, sort and paging happen in the domain. */
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
