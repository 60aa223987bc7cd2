// /iroh/iroh-response: the actions modules offer for observables (or a sighting's observables), and triggering one.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ObservableList, ObservableType, RespondObservablesResponse, RespondTriggerResponse, Sighting, type Observable } from '@ctrmock/types'
import { aggregateActions, triggerResult } from '../domain/enrich.ts'
import { oneModule } from '../domain/module-instances.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { askEnabled, askOne } from '../module-adapters/index.ts'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['response']
const ParamsQuery = Type.Object({ params: Type.Optional(Type.String({ maxLength: 4000 })) })
const TriggerQuery = Type.Object({
  observable_type: Type.Optional(ObservableType),
  observable_value: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: Type.String({ maxLength: 4000 }) })

export async function responseRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring
  const errors = { ...AUTH_ERRORS, ...errorResponses(400) }
  const adapters = (request: FastifyRequest) => wiring.adapterContext(baseUrl(request, wiring.config.PUBLIC_URL))

  async function actions(request: FastifyRequest, orgId: string, observables: Observable[]) {
    return aggregateActions(await askEnabled(adapters(request), orgId, 'respond/observables', { observables }))
  }

  app.post('/iroh/iroh-response/respond/observables', {
    config: { scope: REQUIRED_SCOPES.respondObservables },
    schema: { tags: TAG, summary: 'Response actions the modules offer for the observables', querystring: ParamsQuery, body: ObservableList, response: { 200: RespondObservablesResponse, ...errors } },
  }, async (request) => actions(request, request.auth!.orgId, request.body))

  app.post('/iroh/iroh-response/respond/sighting', {
    config: { scope: REQUIRED_SCOPES.respondSighting },
    schema: { tags: TAG, summary: 'Response actions for the observables of a sighting', querystring: ParamsQuery, body: Sighting, response: { 200: RespondObservablesResponse, ...errors } },
  }, async (request) => {
    const sighting = request.body
    const observables = [...(sighting.observables ?? []), ...(sighting.targets ?? []).flatMap((t) => t.observables)]
    return actions(request, request.auth!.orgId, observables)
  })

  app.post('/iroh/iroh-response/respond/trigger/:module_instance_id/:action_id', {
    config: { scope: REQUIRED_SCOPES.respondTrigger },
    schema: {
      tags: TAG, summary: 'Triggers a module\'s response action (the url of an action)',
      params: Type.Object({ module_instance_id: Type.String({ minLength: 1, maxLength: 200 }), action_id: Type.String({ minLength: 1, maxLength: 500 }) }),
      querystring: TriggerQuery,
      response: { 200: RespondTriggerResponse, ...errors, ...errorResponses(404) },
    },
  }, async (request) => {
    const { module_instance_id: instanceId, action_id: actionId } = request.params
    const module = await oneModule(ctx, request.auth!.orgId, instanceId, true)
    const params = Object.fromEntries(Object.entries(request.query).filter((e): e is [string, string] => typeof e[1] === 'string'))
    return triggerResult(module.ref, await askOne(module, 'respond/trigger', { trigger: { actionId, params } }, adapters(request)))
  })
}
