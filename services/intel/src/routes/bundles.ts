// /ctia/bundle/import and /ctia/bundle/export (GET with ids in the query, POST with ids in the body).
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { exportBundle, importBundle, parseKeyPrefixes, type ExportOptions } from '../domain/bundles.ts'
import { operation, type QueryValue } from './operation.ts'

const strings = (value: QueryValue | undefined) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String))

function exportOptions(query: Record<string, QueryValue>): ExportOptions {
  const sourceTypes = strings(query.source_type)
  const targetTypes = strings(query.target_type)
  return {
    relatedTo: strings(query.related_to) ?? ['source_ref', 'target_ref'],
    ...(sourceTypes ? { sourceTypes } : {}),
    ...(targetTypes ? { targetTypes } : {}),
    includeRelated: query.include_related_entities !== false,
  }
}

export async function bundleRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  operation(app, {
    method: 'POST', path: '/ctia/bundle/import', access: 'write', tag: 'bundle', handler: async ({ actor, query, body }) => {
      const prefixes = parseKeyPrefixes(query['external-key-prefixes'] === undefined ? undefined : String(query['external-key-prefixes']))
      return { body: await importBundle(ctx, actor, body as Record<string, unknown>, prefixes) }
    },
  })
  operation(app, {
    method: 'GET', path: '/ctia/bundle/export', access: 'read', tag: 'bundle', handler: async ({ actor, query }) =>
      ({ body: await exportBundle(ctx, actor, strings(query.ids) ?? [], exportOptions(query)) }),
  })
  operation(app, {
    method: 'POST', path: '/ctia/bundle/export', access: 'read', tag: 'bundle', handler: async ({ actor, query, body }) =>
      ({ body: await exportBundle(ctx, actor, (body as { ids: string[] }).ids, exportOptions(query)) }),
  })
}
