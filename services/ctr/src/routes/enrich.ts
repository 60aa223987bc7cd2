// /iroh/iroh-enrich: observe, deliberate and refer observables, observe targets, module health, settings.
// Each fans out to the org's enabled module instances (or the `mids` given) and always answers 200 with
// per-module data and every module failure in errors[].
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { DomainError } from '@ctrmock/kit'
import {
  EnrichHealthResponse, EnrichObserveResponse, EnrichQuerystring, EnrichReferResponse, EnrichSingleHealthResponse,
  ObservableList, ObservableType, ObserveTargetsBody, Verdict, EnrichError, EnrichModuleResult,
} from '@ctrmock/types'
import { aggregateBundles, aggregateHealth, aggregateRefers, healthResult, enrichError } from '../domain/enrich.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { reputation } from '../domain/verdicts.ts'
import { openSchema } from '../domain/module-documents.ts'
import { callModule, fanOut, participants } from '../modules/index.ts'
import type { CtrRuntime } from '../runtime.ts'
import { enabledModules, moduleContext, oneModule } from './module-context.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['enrich']
// Module documents keep the fields CTIM does not list, as IROH passes them on.
const OpenEnrichObserveResponse = openSchema(EnrichObserveResponse)
const EnrichSettings = Type.Object({
  module_instance_ids: Type.Array(Type.String(), { description: 'Enabled module instances that enrich calls fan out to' }),
  module_timeout_ms: Type.Integer(),
})

const EnrichReputationResponse = Type.Object({
  data: Type.Object({ reputation: Type.Optional(Verdict), data: Type.Array(openSchema(EnrichModuleResult)), errors: Type.Array(EnrichError) }, { additionalProperties: false }),
}, { additionalProperties: false })

export async function enrichRoutes(fastify: FastifyInstance, { runtime }: { runtime: CtrRuntime }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400) }

  app.get('/iroh/iroh-enrich/settings', {
    config: { scope: REQUIRED_SCOPES.enrichSettings },
    schema: { tags: TAG, summary: 'Enrichment settings of the org (the SDK checks a token with it)', response: { 200: EnrichSettings, ...errors } },
  }, async (request) => {
    const modules = await enabledModules(runtime, request.auth!.orgId)
    return { module_instance_ids: modules.map((m) => m.instance.id), module_timeout_ms: runtime.config.MODULE_TIMEOUT_MS }
  })

  for (const [path, api, scope, verdictsOnly] of [
    ['observe', 'observe/observables', REQUIRED_SCOPES.observe, false],
    ['deliberate', 'deliberate/observables', REQUIRED_SCOPES.deliberate, true],
  ] as const) {
    app.post(`/iroh/iroh-enrich/${path}/observables`, {
      config: { scope },
      schema: {
        tags: TAG, summary: verdictsOnly ? 'Verdicts of the observables from every module' : 'Everything the modules know about the observables',
        querystring: EnrichQuerystring, body: ObservableList, response: { 200: OpenEnrichObserveResponse, ...errors },
      },
    }, async (request) => {
      const modules = await enabledModules(runtime, request.auth!.orgId, request.query.mids)
      const outcomes = await fanOut(modules, api, { observables: request.body }, moduleContext(runtime, request))
      return aggregateBundles(outcomes, { verdictsOnly })
    })
  }

  app.post('/iroh/iroh-enrich/observe/targets', {
    config: { scope: REQUIRED_SCOPES.observeTargets },
    schema: {
      tags: TAG, summary: 'Observe observables within a time window',
      querystring: Type.Object({ mids: Type.Optional(Type.Array(Type.String())) }), body: ObserveTargetsBody,
      response: { 200: OpenEnrichObserveResponse, ...errors },
    },
  }, async (request) => {
    const { observables, start_time: start, end_time: end } = request.body
    if (start && end && Date.parse(start) > Date.parse(end)) throw new DomainError('invalid_request', 'start_time must not be after end_time')
    const window = { ...(start ? { start: new Date(start) } : {}), ...(end ? { end: new Date(end) } : {}) }
    const modules = await enabledModules(runtime, request.auth!.orgId, request.query.mids)
    return aggregateBundles(await fanOut(modules, 'observe/observables', { observables, window }, moduleContext(runtime, request)))
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
    const modules = await enabledModules(runtime, request.auth!.orgId, mids)
    const outcomes = await fanOut(modules, 'deliberate/observables', { observables: [{ type, value }] }, moduleContext(runtime, request))
    const { data, errors: moduleErrors } = aggregateBundles(outcomes, { verdictsOnly: true })
    const best = reputation(data.flatMap((entry) => (entry.data.verdicts?.docs ?? []).filter((v) => v.observable.type === type && v.observable.value === value)))
    return { data: { ...(best ? { reputation: best } : {}), data, errors: moduleErrors } }
  })

  app.post('/iroh/iroh-enrich/refer/observables', {
    config: { scope: REQUIRED_SCOPES.refer },
    schema: { tags: TAG, summary: 'Links to pivot on the observables in each module', querystring: EnrichQuerystring, body: ObservableList, response: { 200: EnrichReferResponse, ...errors } },
  }, async (request) => {
    const modules = await enabledModules(runtime, request.auth!.orgId, request.query.mids)
    return aggregateRefers(await fanOut(modules, 'refer/observables', { observables: request.body }, moduleContext(runtime, request)))
  })

  app.post('/iroh/iroh-enrich/health', {
    config: { scope: REQUIRED_SCOPES.health },
    schema: { tags: TAG, summary: 'Health of every enabled module', response: { 200: EnrichHealthResponse, ...errors } },
  }, async (request) => {
    const modules = await enabledModules(runtime, request.auth!.orgId)
    return aggregateHealth(await fanOut(modules, 'health', {}, moduleContext(runtime, request)))
  })

  app.post('/iroh/iroh-enrich/health/:module_instance_id', {
    config: { scope: REQUIRED_SCOPES.health },
    schema: {
      tags: TAG, summary: 'Health of one module',
      params: Type.Object({ module_instance_id: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 200: EnrichSingleHealthResponse, ...errors, ...errorResponses(404) },
    },
  }, async (request) => {
    const module = await oneModule(runtime, request.auth!.orgId, request.params.module_instance_id)
    if (!module) throw new DomainError('not_found', `Module instance ${request.params.module_instance_id} not found`, 404)
    if (participants([module], 'health', {}).length === 0) {
      // A module without a health API: its health is unknown.
      return { data: healthResult({ module: module.ref, data: { status: 'unknown' }, errors: [] }), errors: [] }
    }
    const outcome = await callModule(module, 'health', {}, moduleContext(runtime, request))
    return { data: healthResult(outcome), errors: outcome.errors.map((e) => enrichError(module.ref, e)) }
  })
}
