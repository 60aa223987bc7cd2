// The audit log: one row per mutation attempt. Newest first.
import type { Database } from './database.ts'

export interface AuditLogRecord {
  id: string
  orgId: string | null
  at: Date
  actor: string
  action: string
  target: string
  outcome: 'success' | 'failure'
  reason: string | null
}

export interface AuditLogQuery {
  orgId: string
  action?: string
  offset: number
  limit: number
}

export function auditLogStore(prisma: Database) {
  return {
    async add(entry: AuditLogRecord): Promise<void> {
      await prisma.auditLogEntry.create({ data: entry })
    },

    async page(q: AuditLogQuery): Promise<{ total: number; entries: AuditLogRecord[] }> {
      const where = { orgId: q.orgId, ...(q.action ? { action: q.action } : {}) }
      const [total, rows] = await Promise.all([
        prisma.auditLogEntry.count({ where }),
        prisma.auditLogEntry.findMany({ where, orderBy: { seq: 'desc' }, skip: q.offset, take: q.limit, omit: { seq: true } }),
      ])
      return { total, entries: rows.map((row) => ({ ...row, outcome: row.outcome === 'success' ? 'success' as const : 'failure' as const })) }
    },
  }
}
