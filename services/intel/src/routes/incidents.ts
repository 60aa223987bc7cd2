// /ctia/incident/{id}/status and /ctia/incident/{id}/link.
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { familyOf } from '../domain/entity-families.ts'
import { present } from '../domain/entity-defaults.ts'
import { linkIncident, setIncidentStatus } from '../domain/incidents.ts'
import { operation } from './operation.ts'

export async function incidentRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const family = familyOf('incident')!
  const relationship = familyOf('relationship')!
  const common = { method: 'POST' as const, access: 'write' as const, family: 'incident', tag: 'incident' }
  operation(app, {
    ...common, path: '/ctia/incident/{id}/status', handler: async ({ actor, params, body }) =>
      ({ body: present(family, await setIncidentStatus(ctx, actor, family, params.id!, (body as { status: string }).status)) }),
  })
  operation(app, {
    ...common, path: '/ctia/incident/{id}/link', handler: async ({ actor, params, body }) =>
      ({ status: 201, body: present(relationship, await linkIncident(ctx, actor, family, params.id!, body as Record<string, string>)) }),
  })
}
