// /iroh/iroh-feedback: send feedback and read it back by id.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Feedback, NewFeedbackParams } from '@ctrmock/types'
import { createFeedback, getFeedback } from '../domain/feedback.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'
import { callerOf } from './auth.ts'

const TAG = ['feedback']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })

export async function feedbackRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }
  app.post('/iroh/iroh-feedback/feedback', {
    config: { scope: REQUIRED_SCOPES.feedbackWrite },
    schema: { tags: TAG, summary: 'Send feedback', body: NewFeedbackParams, response: { 200: Feedback, ...errors } },
  }, async (request) => createFeedback(wiring.ctx, callerOf(request), request.body))
  app.get('/iroh/iroh-feedback/feedback/:id', {
    config: { scope: REQUIRED_SCOPES.feedbackRead },
    schema: { tags: TAG, summary: 'One feedback of the org', params: IdParams, response: { 200: Feedback, ...errors } },
  }, async (request) => getFeedback(wiring.ctx, request.auth!.orgId, request.params.id))
}
