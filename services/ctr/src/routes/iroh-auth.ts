// /iroh/iroh-auth: the browser login as ctrmock plays it (domain/sessions.ts). GET /login sends the browser to the
// "ctrmock" identity provider, whose page takes `user_id` (a form when it is missing); its answer sets the session
// cookie and returns to `origin` with a one-time `code` that POST /code redeems. The session operations read the cookie.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { answerLogin, checkIdp, CTRMOCK_IDP, endSession, exchangeSession, identify, redeemLoginCode, sessionStatus } from '../domain/sessions.ts'
import { SESSION_TTL_SECONDS } from '../domain/grants.ts'
import { invalidRequest } from '../domain/errors.ts'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'
import { errorResponses } from './schemas.ts'
import { clearSessionCookie, sessionCookie, setSessionCookie } from './session-cookie.ts'

const TAG = ['iroh-auth']
const Text = Type.String({ maxLength: 4000 })
const LoginQuery = Type.Object({ redirect_after_login: Type.Optional(Text), origin: Type.Optional(Text), reset_session: Type.Optional(Type.Boolean()) }, { additionalProperties: true })
const IdpParams = Type.Object({ idp: Type.String({ maxLength: 200 }) })
const IdpQuery = Type.Object({ origin: Text, user_id: Type.Optional(Type.String({ maxLength: 200 })), org_id: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true })
const AnswerQuery = Type.Object({ state: Text, code: Type.Optional(Text), error: Type.Optional(Text), error_description: Type.Optional(Text) }, { additionalProperties: true })
const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }), 'access-token-lifetime-in-sec': Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })) }, { additionalProperties: false })
const TokenResponse = Type.Object({ access_token: Type.String(), token_type: Type.Literal('bearer'), expires_in: Type.Integer(), scope: Type.String() })
const SessionStatus = Type.Object({ valid: Type.Boolean(), 'user-id': Type.String(), 'org-id': Type.String(), scopes: Type.Array(Type.String()), 'needs-renewal': Type.Boolean() })
const SessionToken = Type.Object({ access_token: Type.String(), expires_in: Type.Integer(), token_type: Type.Literal('bearer'), scope: Type.String(), needs_renewal: Type.Boolean() })

/** Only this CTR's own pages or absolute http(s) URLs are followed after a login or logout. */
function destination(value: string | undefined, fallback: string): string {
  if (!value) return fallback
  if (value.startsWith('/') && !value.startsWith('//')) return value
  if (/^https?:\/\//i.test(value)) return value
  throw invalidRequest('redirect_after_login/origin: an absolute http(s) URL or a path of this CTR')
}

const loginForm = (origin: string) => `<!doctype html><title>ctrmock login</title><h1>ctrmock login</h1>
<p>ctrmock has no passwords: name the IROH user to log in as.</p>
<form method="get"><input type="hidden" name="origin" value="${origin.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}">
<label>user_id <input name="user_id" required></label> <button>Log in</button></form>`

export async function irohAuthRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring
  const sign = (claims: Record<string, unknown>) => wiring.keys.sign(claims)

  app.get('/iroh/iroh-auth/logins', { schema: { tags: TAG, summary: 'The identity providers a user can log in with' } }, async (request) => {
    const base = baseUrl(request, wiring.config.PUBLIC_URL)
    return [{ idp: CTRMOCK_IDP, name: 'ctrmock users (by user id, no password)', url: `${base}/iroh/iroh-auth/login/${CTRMOCK_IDP}` }]
  })

  app.get('/iroh/iroh-auth/login', { schema: { tags: TAG, summary: 'Starts a browser login (redirects to the identity provider)', querystring: LoginQuery, response: errorResponses(400) } }, async (request, reply) => {
    const origin = destination(request.query.redirect_after_login ?? request.query.origin, '/iroh/iroh-auth/session/validate')
    if (request.query.reset_session) await endSession(ctx, sessionCookie(request))
    return reply.redirect(`/iroh/iroh-auth/login/${CTRMOCK_IDP}?origin=${encodeURIComponent(origin)}`, 302)
  })

  app.get('/iroh/iroh-auth/login/:idp', { schema: { tags: TAG, summary: 'The identity provider\'s page: logs in `user_id` (a form without it)', params: IdpParams, querystring: IdpQuery, response: { 200: Type.String({ description: 'The login form (HTML)' }), ...errorResponses(400, 404) } } }, async (request, reply) => {
    checkIdp(request.params.idp)
    const { origin, user_id: userId, org_id: orgId } = request.query
    if (!userId) return reply.type('text/html; charset=utf-8').send(loginForm(origin))
    const { code, state } = await identify(ctx, { userId, origin: destination(origin, '/'), ...(orgId ? { orgId } : {}) })
    return reply.redirect(`/iroh/iroh-auth/login/${CTRMOCK_IDP}/answer?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, 302)
  })

  app.get('/iroh/iroh-auth/login/:idp/answer', { schema: { tags: TAG, summary: 'The identity provider\'s answer: starts the session, returns to origin with a code', params: IdpParams, querystring: AnswerQuery, response: errorResponses(400, 404) } }, async (request, reply) => {
    checkIdp(request.params.idp)
    if (request.query.error || !request.query.code) throw invalidRequest(`The identity provider refused the login: ${request.query.error_description ?? request.query.error ?? 'no code'}`)
    const { session, location } = await answerLogin(ctx, request.query.code, request.query.state)
    setSessionCookie(reply, session, SESSION_TTL_SECONDS)
    return reply.redirect(location, 302)
  })

  app.get('/iroh/iroh-auth/logout', { schema: { tags: TAG, summary: 'Ends the browser session and returns to redirect_after_login', querystring: LoginQuery, response: errorResponses(400) } }, async (request, reply) => {
    const to = destination(request.query.redirect_after_login ?? request.query.origin, '/iroh/iroh-auth/logins')
    await endSession(ctx, sessionCookie(request))
    clearSessionCookie(reply)
    return reply.redirect(to, 302)
  })

  app.post('/iroh/iroh-auth/code', { schema: { tags: TAG, summary: 'Redeems the login page\'s one-time code for an access token', body: CodeBody, response: { 200: TokenResponse, ...errorResponses(400) } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    return redeemLoginCode(ctx, request.body.code, sign, request.body['access-token-lifetime-in-sec'])
  })

  app.get('/iroh/iroh-auth/session/validate', { schema: { tags: TAG, summary: 'Whether the session cookie names a live session, and whose', response: { 200: SessionStatus, ...errorResponses(401) } } },
    async (request) => sessionStatus(ctx, sessionCookie(request)))

  app.post('/iroh/iroh-auth/session/exchange', { schema: { tags: TAG, summary: 'An access token for the session\'s user', response: { 200: SessionToken, ...errorResponses(401) } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    return exchangeSession(ctx, sessionCookie(request), sign)
  })

  app.post('/iroh/iroh-auth/session/logout', { schema: { tags: TAG, summary: 'Ends the session' } }, async (request, reply) => {
    await endSession(ctx, sessionCookie(request))
    clearSessionCookie(reply)
    return reply.code(204).send()
  })
}
