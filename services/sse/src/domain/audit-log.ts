// Every admin (and device) mutation leaves one audit entry: who, what, when, and whether it worked.
import { DomainError } from '@ctrmock/kit/domain'
import type { AuditLogEntry } from '@ctrmock/types'
import type { AuditLogRecord } from '../store/index.ts'
import { atomically, type Actor, type SseContext } from './context.ts'

export interface AuditedAction {
  action: string
  target: string
}

export function record(ctx: SseContext, orgId: string | null, actor: string, what: AuditedAction, outcome: 'success' | 'failure', reason?: string): Promise<void> {
  return ctx.store.auditLog.add({
    id: ctx.random.id(), orgId, at: ctx.clock.now(orgId ?? undefined), actor, action: what.action, target: what.target, outcome, reason: reason ?? null,
  })
}

/**
 * Runs a mutation and records its outcome. A mutation and its success entry are one transaction (`run` gets the
 * transaction's context); a refused mutation (DomainError) writes nothing and is recorded with its message.
 */
export async function audited<T>(ctx: SseContext, actor: Actor, what: AuditedAction, run: (ctx: SseContext) => Promise<T>): Promise<T> {
  try {
    return await atomically(ctx, async (tx) => {
      const result = await run(tx)
      await record(tx, actor.orgId, actor.label, what, 'success')
      return result
    })
  } catch (error) {
    if (error instanceof DomainError) await record(ctx, actor.orgId, actor.label, what, 'failure', error.message)
    throw error
  }
}

function toView(row: AuditLogRecord): AuditLogEntry {
  return {
    id: row.id, at: row.at.toISOString(), actor: row.actor, action: row.action, target: row.target, outcome: row.outcome,
    ...(row.reason !== null ? { reason: row.reason } : {}),
  }
}

export async function listAuditLog(ctx: SseContext, orgId: string, q: { action?: string; offset: number; limit: number }) {
  const { total, entries } = await ctx.store.auditLog.page({ orgId, ...q })
  return { total, entries: entries.map(toView) }
}
