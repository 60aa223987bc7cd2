// POST /iroh/iroh-int/module-instance-wrapper: one-click setup of a module for a product tenant, made by the same
// module-instance rules as /iroh/iroh-int/module-instance.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ModuleInstanceResponse } from '@ctrmock/types'
import { setUpOneClick } from '../domain/one-click.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { registeredDevices } from './module-instances.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'
import { callerOf } from './auth.ts'

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

export async function moduleInstanceWrapperRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post('/iroh/iroh-int/module-instance-wrapper', {
    config: { scope: REQUIRED_SCOPES.moduleInstanceWrite },
    schema: { tags: ['integration'], summary: 'One-click module instance for a product tenant', body: Params, response: { 200: Result, ...AUTH_ERRORS, ...errorResponses(400) } },
  }, async (request) => {
    const { module_type_id: moduleTypeId, product_tenant_id: productTenantId, type, settings } = request.body
    return setUpOneClick(wiring.ctx, callerOf(request), { moduleTypeId, productTenantId, type, ...(settings ? { settings } : {}) }, registeredDevices(wiring))
  })
}
