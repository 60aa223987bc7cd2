// A device registers with a registration token: the token is consumed exactly once (atomically, in the store) and
// binds the device to the org that generated it. Any bad token gets the same answer; the reason is kept server-side.
import type { DeviceFacts, DeviceRegistration, HeartbeatResponse } from '@ctrmock/types'
import type { DeviceRecord } from '../store/index.ts'
import { atomically, type SseContext } from './context.ts'
import { record } from './audit-log.ts'
import { addSseEvent } from './device-events.ts'
import { deviceStatus } from './devices.ts'
import { invalidRequest, RegistrationRejectedError, type RegistrationFailureReason } from './errors.ts'

/** A callback URL must be an absolute http(s) URL: SSE's device proxy calls it. */
export function checkCallbackUrl(callbackUrl: string): void {
  let url: URL
  try {
    url = new URL(callbackUrl)
  } catch {
    throw invalidRequest('body.device.callbackUrl must be an absolute http(s) URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidRequest('body.device.callbackUrl must be an absolute http(s) URL')
  if (url.username || url.password || url.search || url.hash) throw invalidRequest('body.device.callbackUrl must not carry credentials, a query or a fragment')
}

async function whyRejected(ctx: SseContext, token: string, now: Date): Promise<{ reason: RegistrationFailureReason; orgId?: string }> {
  const existing = await ctx.store.tokens.find(token)
  if (!existing) return { reason: 'unknown token' }
  // Not claimable yet unexpired can only mean a concurrent claim or revocation just won: report what it is now.
  const reason = existing.revokedAt && !existing.usedAt ? 'revoked token' : existing.expiresAt.getTime() <= now.getTime() && !existing.usedAt ? 'expired token' : 'used token'
  return { reason, orgId: existing.orgId }
}

/** Registers the device in the token's org; the answer carries that org for the caller's bookkeeping (journal). */
export async function registerDevice(ctx: SseContext, input: { token: string; device: DeviceFacts }): Promise<{ orgId: string; registration: DeviceRegistration }> {
  checkCallbackUrl(input.device.callbackUrl)
  // Expiry is judged by the clock of the org that made the token (orgs may move their own time).
  const owner = await ctx.store.tokens.find(input.token)
  const now = ctx.clock.now(owner?.orgId)
  const id = ctx.random.id()
  const secret = ctx.random.secret()
  const actor = `device:${input.device.name}`
  // The claim, the device, its audit entry and its event are one transaction: a crash leaves all of them or none.
  const created = owner ? await atomically(ctx, async (tx) => {
    const device = await tx.store.tokens.redeem(input.token, now, { ...input.device, id, secret })
    if (device) {
      await record(tx, device.orgId, actor, { action: 'devices.register', target: `device:${device.id}` }, 'success')
      await addSseEvent(tx, device, 'device_registered', `Device ${device.name} registered`, 'info')
    }
    return device
  }) : null
  if (!created) {
    const { reason, orgId } = await whyRejected(ctx, input.token, now)
    // An unknown token has no org: only a full-log reader sees it; the org's admins see expired/used/revoked ones.
    const target = orgId ? `registration-token:${input.token}` : `registration-token:${input.token.slice(0, 8)}…`
    await record(ctx, orgId ?? null, actor, { action: 'devices.register', target }, 'failure', reason)
    throw new RegistrationRejectedError(reason, orgId)
  }
  return {
    orgId: created.orgId,
    registration: {
      deviceId: created.id,
      deviceSecret: secret,
      region: ctx.region,
      registeredAt: now.toISOString(),
      heartbeatIntervalSeconds: ctx.heartbeatIntervalSeconds,
    },
  }
}

export async function heartbeat(ctx: SseContext, device: DeviceRecord): Promise<HeartbeatResponse> {
  const now = ctx.clock.now(device.orgId)
  const updated = await ctx.store.devices.heartbeat(device.id, now)
  return { status: deviceStatus(updated?.lastHeartbeatAt ?? null, now, ctx.heartbeatIntervalSeconds), serverTime: now.toISOString() }
}
