// The portal's Devices page: status from heartbeat age, search and paging, description edits, deletion; and the
// devices CTR may use (only while Cisco Threat Response is enabled in Cloud Services).
import type { Device, DeviceStatus, DeviceType } from '@ctrmock/types'
import type { DeviceRecord } from '../store/index.ts'
import { atomically, type Actor, type SseContext } from './context.ts'
import { audited, record } from './audit-log.ts'
import { deviceNotFound } from './errors.ts'

/** A device as the domain hands it to routes. */
export type { DeviceRecord }

/** A device that has never sent a heartbeat is `registered`; then `connected` until three intervals pass without one. */
export function deviceStatus(lastHeartbeatAt: Date | null, now: Date, intervalSeconds: number): DeviceStatus {
  if (!lastHeartbeatAt) return 'registered'
  return now.getTime() - lastHeartbeatAt.getTime() <= 3 * intervalSeconds * 1000 ? 'connected' : 'disconnected'
}

export function toDevice(ctx: SseContext, row: DeviceRecord, now = ctx.clock.now(row.orgId)): Device {
  return {
    id: row.id,
    name: row.name,
    type: row.type as DeviceType,
    version: row.version,
    status: deviceStatus(row.lastHeartbeatAt, now, ctx.heartbeatIntervalSeconds),
    description: row.description,
    serialNumber: row.serialNumber,
    ip: row.ip,
    registeredAt: row.registeredAt.toISOString(),
    lastSeenAt: row.lastHeartbeatAt ? row.lastHeartbeatAt.toISOString() : null,
  }
}

export async function listDevices(ctx: SseContext, orgId: string, q: { search?: string; type?: DeviceType; offset: number; limit: number }) {
  const { total, devices } = await ctx.store.devices.page({ orgId, ...q })
  const now = ctx.clock.now(orgId)
  return { total, offset: q.offset, limit: q.limit, devices: devices.map((row) => toDevice(ctx, row, now)) }
}

export async function findDevice(ctx: SseContext, orgId: string, deviceId: string): Promise<DeviceRecord> {
  const row = await ctx.store.devices.findInOrg(orgId, deviceId)
  if (!row) throw deviceNotFound(deviceId)
  return row
}

export async function getDevice(ctx: SseContext, orgId: string, deviceId: string): Promise<Device> {
  return toDevice(ctx, await findDevice(ctx, orgId, deviceId))
}

export async function updateDescription(ctx: SseContext, actor: Actor, deviceId: string, description: string): Promise<Device> {
  return audited(ctx, actor, { action: 'devices.update', target: `device:${deviceId}` }, async (ctx) => {
    const row = await ctx.store.devices.updateDescription(actor.orgId, deviceId, description)
    if (!row) throw deviceNotFound(deviceId)
    return toDevice(ctx, row)
  })
}

/** Deletes the device from the portal: its credentials are refused from the next call on. */
export async function deleteDevice(ctx: SseContext, actor: Actor, deviceId: string): Promise<void> {
  await audited(ctx, actor, { action: 'devices.delete', target: `device:${deviceId}` }, async (ctx) => {
    if (!(await ctx.store.devices.delete(actor.orgId, deviceId))) throw deviceNotFound(deviceId)
  })
}

/** What CTR lists under "Registered Device": nothing at all while Threat Response is disabled for the org. */
export async function threatResponseDevices(ctx: SseContext, orgId: string): Promise<Device[]> {
  if (!(await ctx.store.cloudServices.threatResponseEnabled(orgId))) return []
  const now = ctx.clock.now(orgId)
  return (await ctx.store.devices.listByOrg(orgId)).map((row) => toDevice(ctx, row, now))
}

/** The device deregisters itself (ESA: Deregister). */
export async function deregisterDevice(ctx: SseContext, device: DeviceRecord): Promise<void> {
  await atomically(ctx, async (tx) => {
    await tx.store.devices.delete(device.orgId, device.id)
    await record(tx, device.orgId, `device:${device.id}`, { action: 'devices.deregister', target: `device:${device.id}` }, 'success')
  })
}
