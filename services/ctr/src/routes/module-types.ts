// /iroh/iroh-int/module-type: the built-in types (global) and the org's own (relay-backed) types.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { DomainError } from '@ctrmock/kit'
import { ModuleType, NewModuleTypeParams, PatchModuleTypeParams } from '@ctrmock/types'
import { builtinModuleTypes, checkModuleTypeDefinition, type ModuleTypeView } from '../domain/module-types.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { StoredModuleType } from '../store/module-types.ts'
import type { CtrRuntime } from '../runtime.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['integration']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const ListQuery = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  record: Type.Optional(Type.String({ maxLength: 200 })),
  query: Type.Optional(Type.String({ maxLength: 1000 })),
  sort_by: Type.Optional(Type.Union([Type.Literal('title'), Type.Literal('created_at'), Type.Literal('updated_at'), Type.Literal('default_name')])),
  sort_order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
})

export function customView(type: StoredModuleType): ModuleTypeView {
  const { title, default_name, enabled, ...definition } = type.definition as Record<string, unknown> & { title: string; default_name: string; enabled?: boolean }
  return {
    ...(definition as Partial<ModuleTypeView>), title, default_name, id: type.id, org_id: type.orgId, user_id: type.userId, client_id: type.clientId,
    record: 'relay', visibility: 'org', enabled: enabled ?? true,
    created_at: type.createdAt.toISOString(), updated_at: type.updatedAt.toISOString(),
  }
}

export async function moduleTypeRoutes(fastify: FastifyInstance, { runtime }: { runtime: CtrRuntime }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { moduleTypes, moduleInstances } = runtime.store
  const builtins = builtinModuleTypes(runtime.config.REGION).map((t) => t.view)
  const isBuiltin = (id: string) => builtins.some((t) => t.id === id)

  async function find(orgId: string, id: string): Promise<ModuleTypeView> {
    const builtin = builtins.find((t) => t.id === id)
    if (builtin) return builtin
    const custom = await moduleTypes.get(orgId, id)
    if (!custom) throw new DomainError('not_found', `Module type ${id} not found`, 404)
    return customView(custom)
  }

  app.get('/iroh/iroh-int/module-type', {
    config: { scope: REQUIRED_SCOPES.moduleTypeRead },
    schema: { tags: TAG, summary: 'Module types', querystring: ListQuery, response: { 200: Type.Array(ModuleType), ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => {
    const q = request.query
    const text = q.query?.toLowerCase()
    const all = [...builtins, ...(await moduleTypes.list(request.auth!.orgId)).map(customView)].filter((t) =>
      (q.enabled === undefined || t.enabled === q.enabled) && (q.record === undefined || t.record === q.record)
      && (!text || `${t.title} ${t.default_name} ${t.short_description ?? ''}`.toLowerCase().includes(text)))
    if (q.sort_by) {
      const key = q.sort_by
      const sign = q.sort_order === 'desc' ? -1 : 1
      all.sort((a, b) => sign * String(a[key] ?? '').localeCompare(String(b[key] ?? '')))
    }
    const offset = q.offset ?? 0
    return all.slice(offset, q.limit === undefined ? undefined : offset + q.limit)
  })

  app.get('/iroh/iroh-int/module-type/:id', {
    config: { scope: REQUIRED_SCOPES.moduleTypeRead },
    schema: { tags: TAG, summary: 'One module type', params: IdParams, response: { 200: ModuleType, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => find(request.auth!.orgId, request.params.id))

  app.post('/iroh/iroh-int/module-type', {
    config: { scope: REQUIRED_SCOPES.moduleTypeWrite },
    schema: { tags: TAG, summary: 'Adds an org module type (a relay module type)', body: NewModuleTypeParams, response: { 200: ModuleType, ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => {
    const auth = request.auth!
    checkModuleTypeDefinition(request.body, runtime.relayPolicy)
    const now = runtime.clock.now(auth.orgId)
    const created = await moduleTypes.create({
      id: randomUUID(), orgId: auth.orgId, userId: auth.userId, clientId: auth.clientId, definition: request.body,
      createdAt: now, updatedAt: now,
    })
    return customView(created)
  })

  app.patch('/iroh/iroh-int/module-type/:id', {
    config: { scope: REQUIRED_SCOPES.moduleTypeWrite },
    schema: { tags: TAG, summary: 'Changes an org module type', params: IdParams, body: PatchModuleTypeParams, response: { 200: ModuleType, ...AUTH_ERRORS, ...errorResponses(400, 404) } },
  }, async (request) => {
    const { orgId } = request.auth!
    if (isBuiltin(request.params.id)) throw new DomainError('forbidden', 'Built-in module types cannot be changed', 403)
    const current = await moduleTypes.get(orgId, request.params.id)
    if (!current) throw new DomainError('not_found', `Module type ${request.params.id} not found`, 404)
    const definition: Record<string, unknown> = { ...current.definition }
    for (const [key, value] of Object.entries(request.body)) {
      if (value === null) delete definition[key]
      else definition[key] = value
    }
    checkModuleTypeDefinition(definition, runtime.relayPolicy)
    const updated = await moduleTypes.update(orgId, current.id, definition, runtime.clock.now(orgId))
    if (!updated) throw new DomainError('not_found', `Module type ${request.params.id} not found`, 404)
    return customView(updated)
  })

  app.delete('/iroh/iroh-int/module-type/:id', {
    config: { scope: REQUIRED_SCOPES.moduleTypeWrite },
    // 200 with the deleted type: Cisco's SDK needs a Content-Type on this answer, which a 204 cannot carry.
    schema: { tags: TAG, summary: 'Deletes an org module type without instances (answers the deleted type)', params: IdParams, response: { 200: ModuleType, ...AUTH_ERRORS, ...errorResponses(404, 409) } },
  }, async (request) => {
    const { orgId } = request.auth!
    if (isBuiltin(request.params.id)) throw new DomainError('forbidden', 'Built-in module types cannot be deleted', 403)
    const type = await find(orgId, request.params.id)
    if ((await moduleInstances.list(orgId, { moduleTypeId: request.params.id, limit: 1 })).length > 0) {
      throw new DomainError('conflict', 'The module type still has module instances; delete them first', 409)
    }
    if (!(await moduleTypes.delete(orgId, request.params.id))) throw new DomainError('not_found', `Module type ${request.params.id} not found`, 404)
    return type
  })
}
