// CTIA's service routes: status and version (no token needed), properties and metrics (a token of the org).
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { CTIA_VERSION } from '../domain/ctia-spec.ts'
import { CTIM_SCHEMA_VERSION } from '../domain/entity-defaults.ts'
import { ENTITY_FAMILIES } from '../domain/entity-families.ts'
import { operation } from './operation.ts'

export function versionInfo(region: string) {
  return {
    base: '/ctia', 'ctim-version': CTIM_SCHEMA_VERSION, 'ctia-build': `ctrmock ${CTIA_VERSION}`, beta: false,
    'ctia-config': region, 'ctia-supported_features': ENTITY_FAMILIES.map((f) => f.type),
  }
}

/** Routes answered without a token (a load balancer's health check, a client's version probe). */
export async function publicInfoRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const send = (body: unknown) => async (_request: unknown, reply: { type(t: string): { send(b: string): unknown } }) =>
    reply.type('application/json; charset=utf-8').send(JSON.stringify(body))
  app.get('/ctia/status', { schema: { tags: ['status'] } }, send({ status: 'ok' }))
  app.get('/ctia/version', { schema: { tags: ['version'] } }, send(versionInfo(ctx.region)))
}

export async function serviceInfoRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  operation(app, {
    method: 'GET', path: '/ctia/properties', access: 'read', tag: 'properties', handler: async () => ({
      body: {
        ctia: {
          version: CTIA_VERSION, region: ctx.region, 'public-host': ctx.publicHost,
          store: { default: 'postgres' }, 'ctim-version': CTIM_SCHEMA_VERSION,
          entities: ENTITY_FAMILIES.map((f) => f.type),
        },
      },
    }),
  })
  operation(app, {
    method: 'GET', path: '/ctia/metrics', access: 'read', tag: 'metrics', handler: async ({ actor }) => {
      const counts: Record<string, number> = {}
      for (const family of ENTITY_FAMILIES) counts[family.type] = await ctx.store.entities.count(actor.orgId, family.type, { kind: 'all' })
      return { body: { entities: counts } }
    },
  })
}
