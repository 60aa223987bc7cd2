// For CTR: the devices CTR may offer (none while Threat Response is disabled) and the device proxy.
import { ServiceUnavailableError } from '@ctrmock/kit'
import { DeviceProxyRequest, DeviceProxyResponse, ThreatResponseDeviceList } from '@ctrmock/types'
import type { SseContext } from '../domain/context.ts'
import { threatResponseDevices } from '../domain/devices.ts'
import { proxyFailed, proxyTarget } from '../domain/device-proxy.ts'
import type { DeviceClients } from '../clients/device-client.ts'
import { actorOf } from './admin-auth.ts'
import { ADMIN_ERRORS, ADMIN_SECURITY_NOTE, DeviceIdParams, TAGS, errors, type SseRoutes } from './schemas.ts'

export const threatResponseRoutes: SseRoutes<{ ctx: SseContext; deviceClients: DeviceClients }> = async (app, { ctx, deviceClients }) => {
  const tags = [TAGS.ctr]

  app.get('/api/v1/threat-response/devices', {
    schema: {
      tags, summary: 'Registered devices CTR may use (empty while Cisco Threat Response is disabled)', description: ADMIN_SECURITY_NOTE,
      response: { 200: ThreatResponseDeviceList, ...errors(...ADMIN_ERRORS) },
    },
  }, async (request) => ({ devices: await threatResponseDevices(ctx, actorOf(request).orgId) }))

  app.post('/api/v1/devices/:deviceId/proxy', {
    schema: {
      tags, summary: 'Forward a call to a device and return its answer, whatever its status',
      description: `${ADMIN_SECURITY_NOTE} 403 threat_response_disabled, 404 device_not_found, 502 device_unreachable, 504 device_timeout.`,
      params: DeviceIdParams, body: DeviceProxyRequest,
      response: { 200: DeviceProxyResponse, ...errors(...ADMIN_ERRORS, 403, 404, 502, 504) },
    },
  }, async (request) => {
    const device = await proxyTarget(ctx, actorOf(request).orgId, request.params.deviceId, request.body.path)
    try {
      return await deviceClients.call(device, request.body, ctx.clock.now(device.orgId))
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw await proxyFailed(ctx, device, error.reason, deviceClients.timeoutMs)
      throw error
    }
  })
}
