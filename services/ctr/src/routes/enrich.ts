// /iroh/iroh-enrich: observe, deliberate and refer observables, observe targets, module health, settings.
// Each fans out to the org's enabled module instances (or the `mids` given) and always answers 200 with
// per-module data and every module failure in errors[].
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  EnrichHealthResponse, EnrichObserveResponse, EnrichQuerystring, EnrichReferResponse, EnrichSingleHealthResponse,
  ObservableList, ObservableType, ObserveTargetsBody, Verdict, EnrichError, EnrichModuleResult,
} from '@ctrmock/types'
import { aggregateBundles, aggregateHealth, aggregateRefers, reputationAnswer, singleHealth, timeWindow } from '../domain/enrich.ts'
import { enabledModules, oneModule } from '../domain/module-instances.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { askEnabled, askOne } from '../module-adapters/index.ts'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['enrich']
const EnrichSettings = Type.Object({
  module_instance_ids: Type.Array(Type.String(), { description: 'Enabled module instances that enrich calls fan out to' }),
  module_timeout_ms: Type.Integer(),
})

const EnrichReputationResponse = Type.Object({
  data: Type.Object({ reputation: Type.Optional(Verdict), data: Type.Array(EnrichModuleResult), errors: Type.Array(EnrichError) }, { additionalProperties: false }),
}, { additionalProperties: false })

export async function enrichRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring
  const errors = { ...AUTH_ERRORS, ...errorResponses(400) }
  const adapters = (request: FastifyRequest) => wiring.adapterContext(baseUrl(request, wiring.config.PUBLIC_URL))

  app.get('/iroh/iroh-enrich/settings', {
    config: { scope: REQUIRED_SCOPES.enrichSettings },
    schema: { tags: TAG, summary: 'Enrichment settings of the org (the SDK checks a token with it)', response: { 200: EnrichSettings, ...errors } },
  }, async (request) => {
    const modules = await enabledModules(ctx, request.auth!.orgId)
    return { module_instance_ids: modules.map((m) => m.instance.id), module_timeout_ms: wiring.config.MODULE_TIMEOUT_MS }
  })

  for (const [path, api, scope, verdictsOnly] of [
    ['observe', 'observe/observables', REQUIRED_SCOPES.observe, false],
    ['deliberate', 'deliberate/observables', REQUIRED_SCOPES.deliberate, true],
  ] as const) {
    app.post(`/iroh/iroh-enrich/${path}/observables`, {
      config: { scope },
      schema: {
        tags: TAG, summary: verdictsOnly ? 'Verdicts of the observables from every module' : 'Everything the modules know about the observables',
        querystring: EnrichQuerystring, body: ObservableList, response: { 200: EnrichObserveResponse, ...errors },
      },
    }, async (request) => {
      const outcomes = await askEnabled(adapters(request), request.auth!.orgId, api, { observables: request.body }, request.query.mids)
      return aggregateBundles(outcomes, { verdictsOnly })
    })
  }

  app.post('/iroh/iroh-enrich/observe/targets', {
    config: { scope: REQUIRED_SCOPES.observeTargets },
    schema: {
      tags: TAG, summary: 'Observe observables within a time window',
      querystring: Type.Object({ mids: Type.Optional(Type.Array(Type.String())) }), body: ObserveTargetsBody,
      response: { 200: EnrichObserveResponse, ...errors },
    },
  }, async (request) => {
    const { observables, start_time: start, end_time: end } = request.body
    const input = { observables, window: timeWindow(start, end) }
    return aggregateBundles(await askEnabled(adapters(request), request.auth!.orgId, 'observe/observables', input, request.query.mids))
  })

  app.get('/iroh/iroh-enrich/reputation/observable', {
    config: { scope: REQUIRED_SCOPES.reputation },
    schema: {
      tags: TAG, summary: 'The verdict of one observable across modules, with each module\'s verdicts',
      querystring: Type.Object({ type: ObservableType, value: Type.String({ minLength: 1, maxLength: 4000 }), mids: Type.Optional(Type.Array(Type.String())) }),
      response: { 200: EnrichReputationResponse, ...errors },
    },
  }, async (request) => {
    const { type, value, mids } = request.query
    const outcomes = await askEnabled(adapters(request), request.auth!.orgId, 'deliberate/observables', { observables: [{ type, value }] }, mids)
    return reputationAnswer(outcomes, { type, value })
  })

  app.post('/iroh/iroh-enrich/refer/observables', {
    config: { scope: REQUIRED_SCOPES.refer },
    schema: { tags: TAG, summary: 'Links to pivot on the observables in each module', querystring: EnrichQuerystring, body: ObservableList, response: { 200: EnrichReferResponse, ...errors } },
  }, async (request) => {
    return aggregateRefers(await askEnabled(adapters(request), request.auth!.orgId, 'refer/observables', { observables: request.body }, request.query.mids))
  })

  app.post('/iroh/iroh-enrich/health', {
    config: { scope: REQUIRED_SCOPES.health },
    schema: { tags: TAG, summary: 'Health of every enabled module', response: { 200: EnrichHealthResponse, ...errors } },
  }, async (request) => {
    return aggregateHealth(await askEnabled(adapters(request), request.auth!.orgId, 'health', {}))
  })

  app.post('/iroh/iroh-enrich/health/:module_instance_id', {
    config: { scope: REQUIRED_SCOPES.health },
    schema: {
      tags: TAG, summary: 'Health of one module',
      params: Type.Object({ module_instance_id: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 200: EnrichSingleHealthResponse, ...errors, ...errorResponses(404) },
    },
  }, async (request) => {
    const module = await oneModule(ctx, request.auth!.orgId, request.params.module_instance_id)
    return singleHealth(module.ref, await askOne(module, 'health', {}, adapters(request)))
  })
}
