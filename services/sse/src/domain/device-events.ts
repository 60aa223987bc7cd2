// Device events: what devices report, and what SSE notes about them (registration, unreachable through the proxy).
import type { DeviceEvent, DeviceEventInput } from '@ctrmock/types'
import type { DeviceEventRecord, DeviceRecord } from '../store/index.ts'
import type { SseContext } from './context.ts'

function toView(row: DeviceEventRecord): DeviceEvent {
  return {
    id: row.id, deviceId: row.deviceId, deviceName: row.deviceName, source: row.source === 'device' ? 'device' : 'sse',
    type: row.type, message: row.message, severity: row.severity, createdAt: row.createdAt.toISOString(),
  }
}

async function add(ctx: SseContext, device: DeviceRecord, source: 'device' | 'sse', type: string, message: string, severity: string): Promise<DeviceEvent> {
  const row = await ctx.store.events.add({
    id: ctx.random.id(), orgId: device.orgId, deviceId: device.id, deviceName: device.name, source, type, message, severity,
    createdAt: ctx.clock.now(device.orgId),
  })
  return toView(row)
}

export function postDeviceEvent(ctx: SseContext, device: DeviceRecord, input: DeviceEventInput): Promise<DeviceEvent> {
  return add(ctx, device, 'device', input.type, input.message, input.severity ?? 'info')
}

export function addSseEvent(ctx: SseContext, device: DeviceRecord, type: string, message: string, severity: string): Promise<DeviceEvent> {
  return add(ctx, device, 'sse', type, message, severity)
}

export async function listDeviceEvents(ctx: SseContext, orgId: string, q: { deviceId?: string; type?: string; offset: number; limit: number }) {
  const { total, events } = await ctx.store.events.page({ orgId, ...q })
  return { total, events: events.map(toView) }
}
