// /iroh/iroh-int/module-instance: an org's configured modules. An ESA instance's Registered Device is checked
// against the devices the paired SSE lists for the org; a Mock Intelligence instance's judgements are stored.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { DomainError } from '@ctrmock/kit'
import { ModuleInstanceResponse, NewModuleInstanceParams, PatchModuleInstanceParams } from '@ctrmock/types'
import {
  checkRegisteredDevice, checkSettings, mergeSettings, moduleInstanceView, type ModuleInstance, type Settings,
} from '../domain/module-instances.ts'
import { builtinModuleTypes, type ModuleKind } from '../domain/module-types.ts'
import { newJudgement, parseJudgementSettings } from '../domain/intel.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { SseCallError } from '../clients/sse.ts'
import type { CtrRuntime } from '../runtime.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['integration']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const ListQuery = Type.Object({
  module_type_id: Type.Optional(Type.String({ maxLength: 200 })),
  enabled: Type.Optional(Type.Boolean()),
  query: Type.Optional(Type.String({ maxLength: 1000 })),
  sort_by: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('created_at'), Type.Literal('updated_at'), Type.Literal('module_type_id')])),
  sort_order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
})

interface TypeInfo {
  kind: ModuleKind
  properties: Record<string, unknown>
  maxInstances?: number
}

export async function moduleInstanceRoutes(fastify: FastifyInstance, { runtime }: { runtime: CtrRuntime }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { moduleInstances, moduleTypes, judgements } = runtime.store
  const builtins = new Map(builtinModuleTypes(runtime.config.REGION).map((t) => [t.view.id, { kind: t.kind, properties: (t.view.properties ?? {}) as Record<string, unknown> }]))

  async function typeInfo(orgId: string, typeId: string): Promise<TypeInfo> {
    const builtin = builtins.get(typeId)
    if (builtin) return builtin
    const custom = await moduleTypes.get(orgId, typeId)
    if (!custom) throw new DomainError('invalid_request', `module_type_id: module type ${typeId} does not exist`)
    const max = custom.definition.max_nb_instances
    return { kind: 'relay', properties: (custom.definition.properties ?? {}) as Record<string, unknown>, ...(typeof max === 'number' ? { maxInstances: max } : {}) }
  }

  /** Settings checked for the kind; an ESA's device must be one SSE lists for the org right now. */
  async function checked(orgId: string, info: TypeInfo, settings: Settings, deviceChanged: boolean): Promise<Settings> {
    const normalised = checkSettings(info.kind, settings, runtime.relayPolicy, info.properties)
    if (info.kind === 'esa' && deviceChanged) {
      try {
        checkRegisteredDevice(String(normalised.device), await runtime.sse.threatResponseDevices(orgId))
      } catch (error) {
        if (error instanceof SseCallError) throw new DomainError('service_unavailable', `Cannot check the Registered Device: ${error.message}`, 503)
        throw error
      }
    }
    return normalised
  }

  async function storeJudgements(instance: ModuleInstance, kind: ModuleKind): Promise<void> {
    if (kind !== 'mock-intel') return
    const now = runtime.clock.now(instance.orgId)
    const specs = parseJudgementSettings(instance.settings)
    await judgements.replaceForInstance(instance.orgId, instance.id,
      specs.map((spec) => newJudgement(instance.orgId, 'settings', { ...spec, moduleInstanceId: instance.id }, now)))
  }

  async function find(orgId: string, id: string): Promise<ModuleInstance> {
    const instance = await moduleInstances.get(orgId, id)
    if (!instance) throw new DomainError('not_found', `Module instance ${id} not found`, 404)
    return instance
  }

  app.get('/iroh/iroh-int/module-instance', {
    config: { scope: REQUIRED_SCOPES.moduleInstanceRead },
    schema: { tags: TAG, summary: 'Module instances of the org', querystring: ListQuery, response: { 200: Type.Array(ModuleInstanceResponse), ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => {
    const q = request.query
    const list = await moduleInstances.list(request.auth!.orgId, {
      ...(q.module_type_id ? { moduleTypeId: q.module_type_id } : {}), ...(q.enabled !== undefined ? { enabled: q.enabled } : {}),
      ...(q.query ? { query: q.query } : {}), ...(q.sort_by ? { sortBy: q.sort_by } : {}), ...(q.sort_order ? { sortOrder: q.sort_order } : {}),
      ...(q.offset !== undefined ? { offset: q.offset } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}),
    })
    return list.map(moduleInstanceView)
  })

  app.get('/iroh/iroh-int/module-instance/:id', {
    config: { scope: REQUIRED_SCOPES.moduleInstanceRead },
    schema: { tags: TAG, summary: 'One module instance', params: IdParams, response: { 200: ModuleInstanceResponse, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => moduleInstanceView(await find(request.auth!.orgId, request.params.id)))

  app.post('/iroh/iroh-int/module-instance', {
    config: { scope: REQUIRED_SCOPES.moduleInstanceWrite },
    schema: { tags: TAG, summary: 'Adds a module instance', body: NewModuleInstanceParams, response: { 200: ModuleInstanceResponse, ...AUTH_ERRORS, ...errorResponses(400, 503) } },
  }, async (request) => {
    const auth = request.auth!
    const body = request.body
    const info = await typeInfo(auth.orgId, body.module_type_id)
    if (info.maxInstances !== undefined && (await moduleInstances.list(auth.orgId, { moduleTypeId: body.module_type_id })).length >= info.maxInstances) {
      throw new DomainError('invalid_request', `module_type_id: this module type allows at most ${info.maxInstances} instances`)
    }
    const now = runtime.clock.now(auth.orgId)
    const instance = await moduleInstances.create({
      id: randomUUID(), orgId: auth.orgId, userId: auth.userId, clientId: auth.clientId, moduleTypeId: body.module_type_id,
      name: body.name, enabled: body.enabled ?? true, visibility: body.visibility,
      settings: await checked(auth.orgId, info, body.settings ?? {}, true),
      ...(body.external_references ? { externalReferences: body.external_references } : {}),
      ...(body.parent_id ? { parentId: body.parent_id } : {}),
      createdAt: now, updatedAt: now,
    })
    await storeJudgements(instance, info.kind)
    return moduleInstanceView(instance)
  })

  app.patch('/iroh/iroh-int/module-instance/:id', {
    config: { scope: REQUIRED_SCOPES.moduleInstanceWrite },
    schema: { tags: TAG, summary: 'Changes a module instance', params: IdParams, body: PatchModuleInstanceParams, response: { 200: ModuleInstanceResponse, ...AUTH_ERRORS, ...errorResponses(400, 404, 503) } },
  }, async (request) => {
    const { orgId } = request.auth!
    const current = await find(orgId, request.params.id)
    const patch = request.body
    const typeId = patch.module_type_id ?? current.moduleTypeId
    const info = await typeInfo(orgId, typeId)
    const settings = patch.settings === null ? {} : patch.settings ? mergeSettings(current.settings, patch.settings) : current.settings
    const typeChanged = typeId !== current.moduleTypeId
    const changed: ModuleInstance = {
      ...current,
      moduleTypeId: typeId,
      name: patch.name ?? current.name,
      enabled: patch.enabled ?? current.enabled,
      settings: patch.settings !== undefined || typeChanged ? await checked(orgId, info, settings, typeChanged || settings.device !== current.settings.device) : current.settings,
      updatedAt: runtime.clock.now(orgId),
    }
    if (patch.external_references !== undefined) changed.externalReferences = patch.external_references ?? undefined
    if (patch.parent_id !== undefined) changed.parentId = patch.parent_id ?? undefined
    const updated = await moduleInstances.update(changed)
    if (!updated) throw new DomainError('not_found', `Module instance ${request.params.id} not found`, 404)
    if (patch.settings !== undefined || typeChanged) await storeJudgements(updated, info.kind)
    return moduleInstanceView(updated)
  })

  app.delete('/iroh/iroh-int/module-instance/:id', {
    config: { scope: REQUIRED_SCOPES.moduleInstanceWrite },
    // 200 with the deleted instance: Cisco's SDK needs a Content-Type on this answer, which a 204 cannot carry.
    schema: { tags: TAG, summary: 'Deletes a module instance (answers the deleted instance)', params: IdParams, response: { 200: ModuleInstanceResponse, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => {
    const { orgId } = request.auth!
    const instance = await find(orgId, request.params.id)
    if (!(await moduleInstances.delete(orgId, instance.id))) throw new DomainError('not_found', `Module instance ${request.params.id} not found`, 404)
    await judgements.deleteForInstance(orgId, instance.id)
    return moduleInstanceView(instance)
  })
}
