// "Add Devices and Generate Tokens": batches of single-use tokens bound to the org that made them, their status as
// time passes on the control-plane clock, revocation, and the "Save To File" text.
import { TOKEN_EXPIRATION_HOURS, type RegistrationTokenBatch, type RegistrationTokenStatus, type RegistrationTokenView, type TokenExpiration } from '@ctrmock/types'
import type { RegistrationTokenRecord } from '../store/index.ts'
import type { Actor, SseContext } from './context.ts'
import { audited } from './audit-log.ts'
import { batchNotFound, registrationTokenAlreadyUsed, registrationTokenNotFound } from './errors.ts'

const HOUR_MS = 3_600_000

export function tokenStatus(token: RegistrationTokenRecord, now: Date): RegistrationTokenStatus {
  if (token.usedAt) return 'used'
  if (token.revokedAt) return 'revoked'
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'unused'
}

export function validityMessage(hours: number): string {
  return `The following tokens have been generated and will be valid for ${hours} hour(s)`
}

export async function generateTokens(ctx: SseContext, actor: Actor, input: { count: number; expiration: TokenExpiration }): Promise<RegistrationTokenBatch> {
  const hours = TOKEN_EXPIRATION_HOURS[input.expiration]
  const batchId = ctx.random.id()
  return audited(ctx, actor, { action: 'registration-tokens.generate', target: `batch:${batchId} (${input.count} token(s), ${input.expiration})` }, async (ctx) => {
    const createdAt = ctx.clock.now(actor.orgId)
    const expiresAt = new Date(createdAt.getTime() + hours * HOUR_MS)
    const rows: RegistrationTokenRecord[] = Array.from({ length: input.count }, () => ({
      token: ctx.random.token(), orgId: actor.orgId, batchId, createdAt, expiresAt,
      usedAt: null, revokedAt: null, deviceId: null, createdBy: actor.label,
    }))
    await ctx.store.tokens.createMany(rows)
    const iso = expiresAt.toISOString()
    return { tokens: rows.map((r) => ({ token: r.token, expiresAt: iso })), expiresAt: iso, message: validityMessage(hours), batchId }
  })
}

function toView(token: RegistrationTokenRecord, now: Date): RegistrationTokenView {
  return {
    token: token.token,
    status: tokenStatus(token, now),
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    ...(token.usedAt ? { usedAt: token.usedAt.toISOString() } : {}),
    ...(token.revokedAt ? { revokedAt: token.revokedAt.toISOString() } : {}),
    ...(token.deviceId ? { deviceId: token.deviceId } : {}),
    batchId: token.batchId,
  }
}

export async function listTokens(ctx: SseContext, orgId: string, q: { status?: RegistrationTokenStatus; batchId?: string }): Promise<RegistrationTokenView[]> {
  const now = ctx.clock.now(orgId)
  const rows = await ctx.store.tokens.list({ orgId, now, ...q })
  return rows.map((row) => toView(row, now))
}

/** "Save To File": one token per line. A batch's tokens (optionally by status), else the org's unused tokens. */
export async function tokensFile(ctx: SseContext, orgId: string, q: { status?: RegistrationTokenStatus; batchId?: string }): Promise<string> {
  const now = ctx.clock.now(orgId)
  let rows: RegistrationTokenRecord[]
  if (q.batchId) {
    rows = await ctx.store.tokens.list({ orgId, now, batchId: q.batchId })
    if (rows.length === 0) throw batchNotFound(q.batchId)
    if (q.status) rows = rows.filter((row) => tokenStatus(row, now) === q.status)
  } else {
    rows = await ctx.store.tokens.list({ orgId, now, status: q.status ?? 'unused' })
  }
  return rows.map((row) => `${row.token}\n`).join('')
}

/** Revokes an unused (or expired) token; revoking twice is harmless; a used token cannot be revoked. */
export async function revokeToken(ctx: SseContext, actor: Actor, token: string): Promise<void> {
  await audited(ctx, actor, { action: 'registration-tokens.revoke', target: `registration-token:${token}` }, async (ctx) => {
    const existing = await ctx.store.tokens.find(token)
    if (!existing || existing.orgId !== actor.orgId) throw registrationTokenNotFound()
    if (await ctx.store.tokens.revoke(actor.orgId, token, ctx.clock.now(actor.orgId))) return
    const now = await ctx.store.tokens.find(token)
    if (now?.usedAt) throw registrationTokenAlreadyUsed()
  })
}
