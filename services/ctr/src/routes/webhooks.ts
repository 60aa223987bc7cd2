// /iroh/iroh-webhook: an org's webhooks (create, list, read, change, delete) and the results of their calls.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { IROH_EVENT_TYPES, NewWebhookParams, PatchWebhookParams, WEBHOOK_RECORD_TYPES, Webhook, WebhookResult, literalUnion } from '@ctrmock/types'
import {
  changeWebhook, createWebhook, deleteWebhook, deleteWebhookResult, getWebhook, getWebhookResult, listWebhookResults, listWebhooks,
} from '../domain/webhooks.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses, listOf, oneOrMany } from './schemas.ts'
import { callerOf } from './auth.ts'

const TAG = ['webhook']
const WEBHOOKS = '/iroh/iroh-webhook/webhook'
const RESULTS = '/iroh/iroh-webhook/webhook-result'
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const Id = Type.String({ minLength: 1, maxLength: 200 })
const Query = Type.String({ maxLength: 1000 })

const WebhookQuery = Type.Object({
  webhook_type: Type.Optional(literalUnion(['workflow', 'url'] as const)),
  source: Type.Optional(literalUnion(['iroh-events', 'ctia-events'] as const)),
  enabled: Type.Optional(Type.Boolean()),
  query: Type.Optional(Query),
  event_type_filter: Type.Optional(oneOrMany(IROH_EVENT_TYPES)),
  record_type_filter: Type.Optional(oneOrMany(WEBHOOK_RECORD_TYPES)),
})
const ResultQuery = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  entity_id: Type.Optional(Id), event_id: Type.Optional(Id), webhook_id: Type.Optional(Id), user_id: Type.Optional(Id), org_id: Type.Optional(Id),
  query: Type.Optional(Query),
})

export async function webhookRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }
  const { ctx } = wiring
  const read = { scope: REQUIRED_SCOPES.webhookRead }
  const write = { scope: REQUIRED_SCOPES.webhookWrite }

  app.get(WEBHOOKS, {
    config: read, schema: { tags: TAG, summary: 'Webhooks of the org', querystring: WebhookQuery, response: { 200: Type.Array(Webhook), ...errors } },
  }, async (request) => {
    const { event_type_filter: types, record_type_filter: records, ...filter } = request.query
    return listWebhooks(ctx, callerOf(request), { ...filter, event_type_filter: listOf(types), record_type_filter: listOf(records) })
  })
  app.post(WEBHOOKS, {
    config: write, schema: { tags: TAG, summary: 'Create a webhook', body: NewWebhookParams, response: { 200: Webhook, ...errors } },
  }, async (request) => createWebhook(ctx, callerOf(request), request.body))
  app.get(`${WEBHOOKS}/:id`, {
    config: read, schema: { tags: TAG, summary: 'One webhook', params: IdParams, response: { 200: Webhook, ...errors } },
  }, async (request) => getWebhook(ctx, callerOf(request), request.params.id))
  app.patch(`${WEBHOOKS}/:id`, {
    config: write, schema: { tags: TAG, summary: 'Change a webhook (null removes a field)', params: IdParams, body: PatchWebhookParams, response: { 200: Webhook, ...errors } },
  }, async (request) => changeWebhook(ctx, callerOf(request), request.params.id, request.body))
  app.delete(`${WEBHOOKS}/:id`, {
    config: write, schema: { tags: TAG, summary: 'Delete a webhook (answers what was deleted; its results stay)', params: IdParams, response: { 200: Webhook, ...errors } },
  }, async (request) => deleteWebhook(ctx, callerOf(request), request.params.id))

  app.get(RESULTS, {
    config: { scope: REQUIRED_SCOPES.webhookResultRead },
    schema: { tags: TAG, summary: 'Results of the org\'s webhook calls, oldest first', querystring: ResultQuery, response: { 200: Type.Array(WebhookResult), ...errors } },
  }, async (request) => {
    const { enabled: _, ...filter } = request.query
    return listWebhookResults(ctx, callerOf(request), filter)
  })
  app.get(`${RESULTS}/:id`, {
    config: { scope: REQUIRED_SCOPES.webhookResultRead },
    schema: { tags: TAG, summary: 'One webhook result', params: IdParams, response: { 200: WebhookResult, ...errors } },
  }, async (request) => getWebhookResult(ctx, callerOf(request), request.params.id))
  app.delete(`${RESULTS}/:id`, {
    config: { scope: REQUIRED_SCOPES.webhookResultWrite },
    schema: { tags: TAG, summary: 'Delete a webhook result (answers what was deleted)', params: IdParams, response: { 200: WebhookResult, ...errors } },
  }, async (request) => deleteWebhookResult(ctx, callerOf(request), request.params.id))
}
