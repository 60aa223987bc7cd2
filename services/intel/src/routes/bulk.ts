// /ctia/bulk: POST (create), GET (read by ids), PUT (replace), PATCH (merge), DELETE.
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { bulkCreate, bulkDelete, bulkRead, bulkUpdate } from '../domain/bulk.ts'
import { operation } from './operation.ts'

type Doc = Record<string, unknown>

export async function bulkRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const path = '/ctia/bulk'
  operation(app, {
    method: 'POST', path, access: 'write', tag: 'bulk', handler: async ({ actor, body }) =>
      ({ status: 201, body: await bulkCreate(ctx, actor, body as Doc) }),
  })
  operation(app, {
    method: 'GET', path, access: 'read', tag: 'bulk', handler: async ({ actor, query }) => {
      const ids = Object.fromEntries(Object.entries(query).map(([plural, value]) => [plural, (Array.isArray(value) ? value : [value]).map(String)]))
      return { body: await bulkRead(ctx, actor, ids) }
    },
  })
  operation(app, {
    method: 'PUT', path, access: 'write', tag: 'bulk', handler: async ({ actor, body }) =>
      ({ body: await bulkUpdate(ctx, actor, body as Doc, 'replace') }),
  })
  operation(app, {
    method: 'PATCH', path, access: 'write', tag: 'bulk', handler: async ({ actor, body }) =>
      ({ body: await bulkUpdate(ctx, actor, body as Doc, 'patch') }),
  })
  operation(app, {
    method: 'DELETE', path, access: 'write', tag: 'bulk', handler: async ({ actor, body }) =>
      ({ body: await bulkDelete(ctx, actor, body as Doc) }),
  })
}
