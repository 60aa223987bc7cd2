// POST /iroh/iroh-int/module-instance-wrapper: one-click setup of a module for a product tenant. The instance is
// created or updated through the module-instance routes themselves, so it meets exactly the same rules.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ModuleInstanceResponse } from '@ctrmock/types'
import { moduleInstanceView } from '../domain/module-instances.ts'
import { oneClickPlan } from '../domain/one-click.ts'
import { intError } from '../domain/int-errors.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrRuntime } from '../runtime.ts'
import { intContext } from './int-context.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const Params = Type.Object({
  module_type_id: Type.String({ minLength: 1, maxLength: 200 }),
  product_tenant_id: Type.String({ minLength: 1, maxLength: 200 }),
  type: Type.Union([Type.Literal('one-click'), Type.Literal('update-to-one-click')]),
  settings: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), { maxProperties: 100 })),
}, { additionalProperties: false })
const Result = Type.Object({
  'created_new_module?': Type.Boolean(),
  'updated_module_to_one_click?': Type.Optional(Type.Boolean()),
  error: Type.Optional(Type.String()),
  module_instances: Type.Array(ModuleInstanceResponse),
}, { additionalProperties: false })

/** Runs the module-instance route for this caller; its answer, or undefined when it refused. */
async function viaModuleInstances(fastify: FastifyInstance, request: FastifyRequest, method: 'POST' | 'PATCH', url: string, payload: object) {
  const res = await fastify.inject({ method, url, payload, headers: { authorization: request.headers.authorization ?? '', 'content-type': 'application/json' } })
  return res.statusCode === 200 ? res.json() : undefined
}

export async function moduleInstanceWrapperRoutes(fastify: FastifyInstance, { runtime }: { runtime: CtrRuntime }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post('/iroh/iroh-int/module-instance-wrapper', {
    config: { scope: REQUIRED_SCOPES.moduleInstanceWrite },
    schema: { tags: ['integration'], summary: 'One-click module instance for a product tenant', body: Params, response: { 200: Result, ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => {
    const { module_type_id: typeId, product_tenant_id: tenant, type, settings } = request.body
    const moduleType = await intContext(runtime, request).findModuleType(request.auth!.orgId, typeId)
    if (!moduleType) throw intError('invalidRequest', `module_type_id: module type ${typeId} does not exist`)
    const plan = oneClickPlan(type, await runtime.store.moduleInstances.list(request.auth!.orgId, { moduleTypeId: typeId }))
    if (plan.action === 'refuse') return { 'created_new_module?': false, error: plan.error, module_instances: plan.instances.map(moduleInstanceView) }
    const oneClickSettings = { ...(plan.action === 'update' ? plan.instance.settings : {}), ...settings, product_tenant_id: tenant }
    const made = plan.action === 'create'
      ? await viaModuleInstances(fastify, request, 'POST', '/iroh/iroh-int/module-instance', { name: moduleType.default_name, module_type_id: typeId, visibility: 'org', settings: oneClickSettings })
      : await viaModuleInstances(fastify, request, 'PATCH', `/iroh/iroh-int/module-instance/${encodeURIComponent(plan.instance.id)}`, { settings: oneClickSettings })
    if (!made) return { 'created_new_module?': false, error: 'unable_to_create_module', module_instances: [] }
    return { 'created_new_module?': plan.action === 'create', 'updated_module_to_one_click?': plan.action === 'update', module_instances: [made] }
  })
}
