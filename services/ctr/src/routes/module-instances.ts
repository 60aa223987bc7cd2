// /iroh/iroh-int/module-instance: an org's configured modules. An ESA instance's Registered Device is checked
// against the devices the paired SSE lists for the org, fetched here and handed to the domain.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Device } from '@ctrmock/types'
import { ModuleInstanceResponse, NewModuleInstanceParams, PatchModuleInstanceParams } from '@ctrmock/types'
import { registeredDeviceUnchecked } from '../domain/errors.ts'
import {
  deleteModuleInstance, draftInstanceChange, draftNewInstance, findModuleInstance, listModuleInstances, moduleInstanceView,
  saveModuleInstance, type InstanceDraft,
} from '../domain/module-instances.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { SseCallError } from '../clients/sse.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses, NoContent } from './schemas.ts'
import { callerOf } from './auth.ts'

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

/** SSE's Threat Response devices of the org, asked only when the draft has a Registered Device to check. */
export function registeredDevices(wiring: CtrWiring) {
  return async (draft: InstanceDraft): Promise<Device[] | undefined> => {
    if (draft.deviceToCheck === undefined) return undefined
    try {
      return await wiring.sse.threatResponseDevices(draft.instance.orgId)
    } catch (error) {
      if (error instanceof SseCallError) throw registeredDeviceUnchecked(error.message)
      throw error
    }
  }
}

export async function moduleInstanceRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring
  const read = { scope: REQUIRED_SCOPES.moduleInstanceRead }
  const write = { scope: REQUIRED_SCOPES.moduleInstanceWrite }

  const devicesFor = registeredDevices(wiring)

  app.get('/iroh/iroh-int/module-instance', {
    config: read,
    schema: { tags: TAG, summary: 'Module instances of the org', querystring: ListQuery, response: { 200: Type.Array(ModuleInstanceResponse), ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => {
    const { module_type_id: moduleTypeId, sort_by: sortBy, sort_order: sortOrder, ...rest } = request.query
    return listModuleInstances(ctx, request.auth!.orgId, {
      ...rest, ...(moduleTypeId ? { moduleTypeId } : {}), ...(sortBy ? { sortBy } : {}), ...(sortOrder ? { sortOrder } : {}),
    })
  })

  app.get('/iroh/iroh-int/module-instance/:id', {
    config: read,
    schema: { tags: TAG, summary: 'One module instance', params: IdParams, response: { 200: ModuleInstanceResponse, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => moduleInstanceView(await findModuleInstance(ctx, request.auth!.orgId, request.params.id)))

  app.post('/iroh/iroh-int/module-instance', {
    config: write,
    schema: { tags: TAG, summary: 'Adds a module instance', body: NewModuleInstanceParams, response: { 200: ModuleInstanceResponse, ...AUTH_ERRORS, ...errorResponses(400, 503) } },
  }, async (request) => {
    const draft = await draftNewInstance(ctx, callerOf(request), request.body)
    return saveModuleInstance(ctx, draft, await devicesFor(draft))
  })

  app.patch('/iroh/iroh-int/module-instance/:id', {
    config: write,
    schema: { tags: TAG, summary: 'Changes a module instance', params: IdParams, body: PatchModuleInstanceParams, response: { 200: ModuleInstanceResponse, ...AUTH_ERRORS, ...errorResponses(400, 404, 503) } },
  }, async (request) => {
    const draft = await draftInstanceChange(ctx, callerOf(request), request.params.id, request.body)
    return saveModuleInstance(ctx, draft, await devicesFor(draft))
  })

  app.delete('/iroh/iroh-int/module-instance/:id', {
    config: write,
    // 204, as the SDK's functional tests expect of IROH (the SDK reads an entity DELETE raw).
    schema: { tags: TAG, summary: 'Deletes a module instance', params: IdParams, response: { 204: NoContent, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request, reply) => {
    await deleteModuleInstance(ctx, callerOf(request), request.params.id)
    return reply.code(204).send(null)
  })
}
