// Every admin (and device) mutation leaves one audit entry: who, what, when, and whether it worked.
import { DomainError } from '@ctrmock/kit'
import type { AuditLogEntry } from '@ctrmock/types'
import type { AuditLogRecord } from '../store/index.ts'
import type { Actor, SseContext } from './context.ts'

export interface AuditedAction {
  action: string
  target: string
}

export function record(ctx: SseContext, orgId: string | null, actor: string, what: AuditedAction, outcome: 'success' | 'failure', reason?: string): Promise<void> {
  return ctx.store.auditLog.add({
    id: ctx.random.id(), orgId, at: ctx.clock.now(orgId ?? undefined), actor, action: what.action, target: what.target, outcome, reason: reason ?? null,
  })
}

/** Runs a mutation and records its outcome; a refused mutation (DomainError) is recorded with its message. */
export async function audited<T>(ctx: SseContext, actor: Actor, what: AuditedAction, run: () => Promise<T>): Promise<T> {
  let result: T
  try {
    result = await run()
  } catch (error) {
    if (error instanceof DomainError) await record(ctx, actor.orgId, actor.label, what, 'failure', error.message)
    throw error
  }
  await record(ctx, actor.orgId, actor.label, what, 'success')
  return result
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
