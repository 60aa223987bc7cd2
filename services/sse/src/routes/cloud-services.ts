// Portal: Cloud Services — the per-org Cisco Threat Response switch.
import { CloudServices, ThreatResponseSetting } from '@ctrmock/types'
import type { SseContext } from '../domain/context.ts'
import { getCloudServices, setThreatResponse } from '../domain/cloud-services.ts'
import { actorOf } from './admin-auth.ts'
import { ADMIN_ERRORS, ADMIN_SECURITY_NOTE, TAGS, errors, type SseRoutes } from './schemas.ts'

export const cloudServiceRoutes: SseRoutes<{ ctx: SseContext }> = async (app, { ctx }) => {
  const tags = [TAGS.cloudServices]

  app.get('/api/v1/cloud-services', {
    schema: { tags, summary: 'Cloud Services settings of the org', description: ADMIN_SECURITY_NOTE, response: { 200: CloudServices, ...errors(...ADMIN_ERRORS) } },
  }, async (request) => getCloudServices(ctx, actorOf(request).orgId))

  app.put('/api/v1/cloud-services/threat-response', {
    schema: {
      tags, summary: 'Enable or disable Cisco Threat Response', description: ADMIN_SECURITY_NOTE,
      body: ThreatResponseSetting, response: { 200: CloudServices, ...errors(...ADMIN_ERRORS) },
    },
  }, async (request) => setThreatResponse(ctx, actorOf(request), request.body.enabled))
}
