// /iroh/iroh-int/integration, as Cisco's SDK reaches it (tr.int.integration): list, create, read, replace, merge
// and delete an org's integration records.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { changeIntegration, createIntegration, deleteIntegration, getIntegration, listIntegrations } from '../domain/integrations.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses, NoContent } from './schemas.ts'
import { callerOf } from './auth.ts'

const TAG = ['integration']
const BASE = '/iroh/iroh-int/integration'
const READ = 'integration/integration:read'
const WRITE = 'integration/integration:write'
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
// Any fields, as the SDK sends them; names that reach an object's prototype are refused with the rest of bad input.
const Body = Type.Unsafe<Record<string, unknown>>({
  type: 'object', maxProperties: 200, additionalProperties: true,
  propertyNames: { maxLength: 200, not: { enum: ['__proto__', 'constructor', 'prototype'] } },
})
const View = Type.Object({
  id: Type.String(), org_id: Type.String(), user_id: Type.String(), client_id: Type.String(), created_at: Type.String(), updated_at: Type.String(),
}, { additionalProperties: true })
const ListQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 1000 })),
  sort_by: Type.Optional(Type.Union([Type.Literal('title'), Type.Literal('name'), Type.Literal('created_at'), Type.Literal('updated_at')])),
  sort_order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })), limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
})

export async function integrationRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }
  const { ctx } = wiring
  const org = (request: { auth?: { orgId: string } }) => request.auth!.orgId

  app.get(BASE, {
    config: { scope: READ }, schema: { tags: TAG, summary: 'Integrations of the org', querystring: ListQuery, response: { 200: Type.Array(View), ...errors } },
  }, async (request) => {
    const { query, ...options } = request.query
    return listIntegrations(ctx, org(request), { ...options, query: { text: query, fields: ['title', 'name', 'description'] } })
  })
  app.post(BASE, {
    config: { scope: WRITE }, schema: { tags: TAG, summary: 'Add an integration', body: Body, response: { 200: View, ...errors } },
  }, async (request) => createIntegration(ctx, callerOf(request), request.body))
  app.get(`${BASE}/:id`, {
    config: { scope: READ }, schema: { tags: TAG, summary: 'One integration', params: IdParams, response: { 200: View, ...errors } },
  }, async (request) => getIntegration(ctx, org(request), request.params.id))
  for (const [method, mode] of [['PUT', 'replace'], ['PATCH', 'merge']] as const) {
    app.route({
      method, url: `${BASE}/:id`, config: { scope: WRITE },
      schema: { tags: TAG, summary: mode === 'replace' ? 'Replace an integration' : 'Change fields of an integration (null removes one)', params: IdParams, body: Body, response: { 200: View, ...errors } },
      handler: async (request) => changeIntegration(ctx, org(request), request.params.id, request.body, mode),
    })
  }
  app.delete(`${BASE}/:id`, {
    config: { scope: WRITE }, schema: { tags: TAG, summary: 'Delete an integration', params: IdParams, response: { 204: NoContent, ...errors } },
  }, async (request, reply) => {
    await deleteIntegration(ctx, org(request), request.params.id)
    return reply.code(204).send(null)
  })
}
