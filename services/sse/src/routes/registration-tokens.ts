// Portal: "Add Devices and Generate Tokens", the token list, revocation and "Save To File".
import { Type } from '@sinclair/typebox'
import { RegistrationTokenBatch, RegistrationTokenList, RegistrationTokenRequest, RegistrationTokenStatus } from '@ctrmock/types'
import type { SseContext } from '../domain/context.ts'
import { generateTokens, listTokens, revokeToken, tokensFile } from '../domain/registration-tokens.ts'
import { actorOf } from './admin-auth.ts'
import { ADMIN_ERRORS, ADMIN_SECURITY_NOTE, TAGS, errors, type SseRoutes } from './schemas.ts'

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200, description: 'The 32-character registration token' }) })
const BatchId = Type.String({ minLength: 1, maxLength: 100, description: 'batchId of a generated batch' })

export const registrationTokenRoutes: SseRoutes<{ ctx: SseContext }> = async (app, { ctx }) => {
  const tags = [TAGS.tokens]

  app.post('/api/v1/registration-tokens', {
    schema: {
      tags, summary: 'Generate registration tokens (Add Devices and Generate Tokens)', description: ADMIN_SECURITY_NOTE,
      body: RegistrationTokenRequest,
      response: { 201: RegistrationTokenBatch, ...errors(...ADMIN_ERRORS) },
    },
  }, async (request, reply) => reply.code(201).send(await generateTokens(ctx, actorOf(request), request.body)))

  app.get('/api/v1/registration-tokens', {
    schema: {
      tags, summary: 'List registration tokens, optionally by status', description: ADMIN_SECURITY_NOTE,
      querystring: Type.Object({ status: Type.Optional(RegistrationTokenStatus), batchId: Type.Optional(BatchId) }, { additionalProperties: false }),
      response: { 200: RegistrationTokenList, ...errors(...ADMIN_ERRORS) },
    },
  }, async (request) => ({ tokens: await listTokens(ctx, actorOf(request).orgId, request.query) }))

  app.get('/api/v1/registration-tokens/download', {
    schema: {
      tags, summary: 'Save To File: tokens as text, one per line',
      description: `${ADMIN_SECURITY_NOTE} With batchId: that batch's tokens (optionally filtered by status); otherwise the org's tokens of the given status (default unused).`,
      produces: ['text/plain'],
      querystring: Type.Object({ status: Type.Optional(RegistrationTokenStatus), batchId: Type.Optional(BatchId) }, { additionalProperties: false }),
      response: { 200: { description: 'One token per line', content: { 'text/plain': { schema: Type.String() } } }, ...errors(...ADMIN_ERRORS, 404) },
    },
  }, async (request, reply) => {
    const text = await tokensFile(ctx, actorOf(request).orgId, request.query)
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', 'attachment; filename="registration-tokens.txt"')
      .send(text)
  })

  app.delete('/api/v1/registration-tokens/:token', {
    schema: {
      tags, summary: 'Revoke a registration token', description: `${ADMIN_SECURITY_NOTE} A used token cannot be revoked (409).`,
      params: TokenParams,
      response: { 204: Type.Null({ description: 'Revoked' }), ...errors(...ADMIN_ERRORS, 404, 409) },
    },
  }, async (request, reply) => {
    await revokeToken(ctx, actorOf(request), request.params.token)
    return reply.code(204).send(null)
  })
}
