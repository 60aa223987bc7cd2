// IROH documents kept as given (integrations, module-type patches): one row per document, by kind and org.
import type { PrismaClient } from '@ctrmock/kit/db'

export type DocumentKind = 'integration' | 'module-type-patch' | 'feedback' | 'event' | 'webhook' | 'webhook-result' | 'ctia-event-cursor'

export interface StoredDocument {
  kind: DocumentKind
  id: string
  orgId: string
  body: Record<string, unknown>
  createdAt: Date
  updatedAt: Date
}

// Rows per INSERT: one statement's parameters stay far below Postgres's limit of 65,535.
const INSERT_BATCH = 1_000

export function irohDocumentStore(prisma: PrismaClient) {
  const map = ({ seq: _, ...row }: NonNullable<Awaited<ReturnType<PrismaClient['irohDocument']['findFirst']>>>): StoredDocument =>
    ({ ...row, kind: row.kind as DocumentKind, body: (row.body ?? {}) as Record<string, unknown> })
  return {
    /** The org's documents of a kind, oldest first, in the order they were written. */
    async list(kind: DocumentKind, orgId: string): Promise<StoredDocument[]> {
      return (await prisma.irohDocument.findMany({ where: { kind, orgId }, orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }] })).map(map)
    },

    /** Every org's documents of a kind, oldest first. */
    async listAll(kind: DocumentKind): Promise<StoredDocument[]> {
      return (await prisma.irohDocument.findMany({ where: { kind }, orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }] })).map(map)
    },

    async get(kind: DocumentKind, orgId: string, id: string): Promise<StoredDocument | undefined> {
      const row = await prisma.irohDocument.findFirst({ where: { kind, orgId, id } })
      return row ? map(row) : undefined
    },

    async put(doc: StoredDocument): Promise<StoredDocument> {
      const data = { ...doc, body: doc.body as object }
      return map(await prisma.irohDocument.upsert({ where: { kind_id: { kind: doc.kind, id: doc.id } }, create: data, update: { body: data.body, updatedAt: doc.updatedAt } }))
    },

    /** Writes new documents in the order given, a bounded batch per statement. */
    async insertMany(docs: readonly StoredDocument[]): Promise<void> {
      for (let i = 0; i < docs.length; i += INSERT_BATCH) {
        await prisma.irohDocument.createMany({ data: docs.slice(i, i + INSERT_BATCH).map((doc) => ({ ...doc, body: doc.body as object })) })
      }
    },

    /**
     * Writes a document only if it still has the body the caller read (none: it does not exist yet), so that of
     * several replicas making the same change one wins; whether this call won.
     */
    async replaceIf(doc: StoredDocument, expected: Record<string, unknown> | undefined): Promise<boolean> {
      if (expected === undefined) {
        try {
          await prisma.irohDocument.create({ data: { ...doc, body: doc.body as object } })
          return true
        } catch (error) {
          if ((error as { code?: string }).code === 'P2002' || /Unique constraint|23505/.test(String((error as Error).message))) return false
          throw error
        }
      }
      const { count } = await prisma.irohDocument.updateMany({
        where: { kind: doc.kind, id: doc.id, orgId: doc.orgId, body: { equals: expected as object } },
        data: { body: doc.body as object, updatedAt: doc.updatedAt },
      })
      return count === 1
    },

    async delete(kind: DocumentKind, orgId: string, id: string): Promise<boolean> {
      return (await prisma.irohDocument.deleteMany({ where: { kind, orgId, id } })).count > 0
    },

    async deleteAll(orgId?: string): Promise<void> {
      await prisma.irohDocument.deleteMany({ where: orgId === undefined ? {} : { orgId } })
    },
  }
}
export type IrohDocumentStore = ReturnType<typeof irohDocumentStore>
