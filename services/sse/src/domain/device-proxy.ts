// The device proxy CTR uses: which device, whether the org allows it, and where on the device the call goes.
// The call itself is made by the route through src/clients/; its failures come back here to be recorded.
import type { DeviceRecord } from '../store/index.ts'
import type { SseContext } from './context.ts'
import { addSseEvent } from './device-events.ts'
import { deviceNotFound, deviceTimeout, deviceUnreachable, invalidRequest, threatResponseDisabled } from './errors.ts'

/** A path below the device's callback URL: no dot segments (plain or %2e-encoded), no query or fragment in it. */
export function checkProxyPath(path: string): void {
  if (!path.startsWith('/') || /[?#\\]/.test(path) || path.startsWith('//')) throw invalidRequest('body.path must be an absolute path without query or fragment')
  const segments = path.split('/').map((s) => s.toLowerCase().replaceAll('%2e', '.'))
  if (segments.some((s) => s === '.' || s === '..')) throw invalidRequest('body.path must not contain dot segments')
}

export async function proxyTarget(ctx: SseContext, orgId: string, deviceId: string, path: string): Promise<DeviceRecord> {
  checkProxyPath(path)
  const { threatResponseEnabled, device } = await ctx.store.devices.forProxy(orgId, deviceId)
  if (!threatResponseEnabled) throw threatResponseDisabled()
  if (!device) throw deviceNotFound(deviceId)
  return device
}

/** Records why the proxy could not reach the device and returns the error CTR gets. */
export async function proxyFailed(ctx: SseContext, device: DeviceRecord, reason: 'timeout' | 'unreachable', timeoutMs: number) {
  if (reason === 'timeout') {
    await addSseEvent(ctx, device, 'device_timeout', `Device did not answer a proxied call within ${timeoutMs} ms`, 'error')
    return deviceTimeout(device.id, timeoutMs)
  }
  await addSseEvent(ctx, device, 'device_unreachable', `Device could not be reached at its callback URL`, 'error')
  return deviceUnreachable(device.id)
}
