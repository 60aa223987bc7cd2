// /iroh/iroh-int/module-type: the built-in types (global) and the org's own (relay-backed) types.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ModuleType, NewModuleTypeParams, PatchModuleTypeParams } from '@ctrmock/types'
import { addModuleType, changeModuleType, deleteModuleType, getModuleType, listModuleTypes } from '../domain/module-types.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses, NoContent } from './schemas.ts'
import { callerOf } from './auth.ts'

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

export async function moduleTypeRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring
  const read = { scope: REQUIRED_SCOPES.moduleTypeRead }
  const write = { scope: REQUIRED_SCOPES.moduleTypeWrite }

  app.get('/iroh/iroh-int/module-type', {
    config: read,
    schema: { tags: TAG, summary: 'Module types', querystring: ListQuery, response: { 200: Type.Array(ModuleType), ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => listModuleTypes(ctx, request.auth!.orgId, request.query))

  app.get('/iroh/iroh-int/module-type/:id', {
    config: read,
    schema: { tags: TAG, summary: 'One module type', params: IdParams, response: { 200: ModuleType, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => getModuleType(ctx, request.auth!.orgId, request.params.id))

  app.post('/iroh/iroh-int/module-type', {
    config: write,
    schema: { tags: TAG, summary: 'Adds an org module type (a relay module type)', body: NewModuleTypeParams, response: { 200: ModuleType, ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => {
    return addModuleType(ctx, callerOf(request), request.body)
  })

  app.patch('/iroh/iroh-int/module-type/:id', {
    config: write,
    schema: { tags: TAG, summary: 'Changes an org module type', params: IdParams, body: PatchModuleTypeParams, response: { 200: ModuleType, ...AUTH_ERRORS, ...errorResponses(400, 404) } },
  }, async (request) => changeModuleType(ctx, request.auth!.orgId, request.params.id, request.body))

  app.delete('/iroh/iroh-int/module-type/:id', {
    config: write,
    // 204, as the SDK's functional tests expect of IROH (the SDK reads an entity DELETE raw).
    schema: { tags: TAG, summary: 'Deletes an org module type without instances', params: IdParams, response: { 204: NoContent, ...AUTH_ERRORS, ...errorResponses(404, 409) } },
  }, async (request, reply) => {
    await deleteModuleType(ctx, request.auth!.orgId, request.params.id)
    return reply.code(204).send(null)
  })
}
