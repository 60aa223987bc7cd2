// Cloud Services: the per-org Cisco Threat Response switch (disabled until an admin enables it).
import type { CloudServices } from '@ctrmock/types'
import type { Actor, SseContext } from './context.ts'
import { audited } from './audit-log.ts'

export async function getCloudServices(ctx: SseContext, orgId: string): Promise<CloudServices> {
  return { threatResponse: { enabled: await ctx.store.cloudServices.threatResponseEnabled(orgId) } }
}

export async function setThreatResponse(ctx: SseContext, actor: Actor, enabled: boolean): Promise<CloudServices> {
  const action = { action: enabled ? 'cloud-services.threat-response.enable' : 'cloud-services.threat-response.disable', target: 'cloud-services:threat-response' }
  return audited(ctx, actor, action, async (ctx) => ({
    threatResponse: { enabled: await ctx.store.cloudServices.setThreatResponse(actor.orgId, enabled, ctx.clock.now(actor.orgId)) },
  }))
}
