// GET /iroh/oauth2/authorize: the authorization-code flow's first step. ctrmock has no consent screen: the user of a
// live session (the iroh-session cookie) approves, or the user named by ctrmock's own `user_id` parameter so scripts
// skip the login pages; without either the browser is sent to /iroh/iroh-auth/login and comes back here.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { authorizationTarget, authorize } from '../domain/authorization.ts'
import { sessionUser } from '../domain/sessions.ts'
import type { CtrWiring } from '../wiring.ts'
import { errorResponses } from './schemas.ts'
import { sessionCookie } from './session-cookie.ts'

const Param = Type.Optional(Type.String({ maxLength: 2000 }))
const AuthorizeQuery = Type.Object({
  response_type: Param, client_id: Param, redirect_uri: Param, scope: Param, state: Param,
  code_challenge: Type.Optional(Type.String({ maxLength: 200 })), code_challenge_method: Param,
  user_id: Type.Optional(Type.String({ maxLength: 200, description: 'ctrmock: the user who approves, instead of a session' })),
})

export async function oauth2AuthorizeRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/iroh/oauth2/authorize', {
    schema: { tags: ['oauth2'], summary: 'Authorization-code request: redirects to the client with a code (or to the login first)', querystring: AuthorizeQuery, response: errorResponses(400) },
  }, async (request, reply) => {
    const { user_id: named, ...req } = request.query
    const userId = named ?? await sessionUser(wiring.ctx, sessionCookie(request))
    if (!userId) {
      await authorizationTarget(wiring.ctx, req)
      return reply.redirect(`/iroh/iroh-auth/login?redirect_after_login=${encodeURIComponent(request.url)}`, 302)
    }
    return reply.redirect(await authorize(wiring.ctx, req, userId), 302)
  })
}
