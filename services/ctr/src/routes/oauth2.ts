// OAuth2: POST /iroh/oauth2/token (client credentials, authorization code, refresh token; HTTP Basic + form as every
// Cisco client sends it, or the credentials in a form/JSON body), revocation, the JWKS and the server metadata.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { grantTypeRequired, unsupportedGrantType } from '../domain/errors.ts'
import { IROH_ACCESS_TOKEN_TTL_SECONDS, IROH_TOKEN_ISSUER, IrohTokenResponse } from '@ctrmock/types'
import { accessTokenClaims } from '../domain/access-tokens.ts'
import { grantScopes, InvalidClientError } from '../domain/oauth2.ts'
import { authenticateOAuthClient, PKCE_METHODS, redeemCode, refreshTokens, revokeToken } from '../domain/authorization.ts'
import { ALL_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'
import { errorResponses } from './schemas.ts'

const TAG = ['oauth2']
const GRANT_TYPES = ['client_credentials', 'authorization_code', 'refresh_token']

const TokenRequest = Type.Object({
  grant_type: Type.Optional(Type.String({ maxLength: 200 })),
  scope: Type.Optional(Type.String({ maxLength: 4000 })),
  client_id: Type.Optional(Type.String({ maxLength: 200 })),
  client_secret: Type.Optional(Type.String({ maxLength: 500 })),
  client_password: Type.Optional(Type.String({ maxLength: 500 })),
  code: Type.Optional(Type.String({ maxLength: 200 })),
  redirect_uri: Type.Optional(Type.String({ maxLength: 2000 })),
  code_verifier: Type.Optional(Type.String({ maxLength: 200 })),
  refresh_token: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: true })
const TokenAnswer = Type.Composite([IrohTokenResponse, Type.Object({ refresh_token: Type.Optional(Type.String()) })])
const RevokeRequest = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200 }), token_type_hint: Type.Optional(Type.String({ maxLength: 100 })),
  client_id: Type.Optional(Type.String({ maxLength: 200 })), client_secret: Type.Optional(Type.String({ maxLength: 500 })),
})

const Jwks = Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) })

function basicCredentials(header: string | undefined): { id: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding; Cisco's ids and secrets never need it.
  const unescape = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')) } catch { return s } }
  return { id: unescape(decoded.slice(0, colon)), password: unescape(decoded.slice(colon + 1)) }
}

export async function oauth2Routes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const sign = (claims: Record<string, unknown>) => wiring.keys.sign(claims)

  /** API-client credentials for a token of the client's scopes (or the requested subset). */
  async function clientCredentials(request: FastifyRequest, id: string, password: string, scope?: string) {
    const subject = await wiring.authenticator.authenticate(id, password).catch((error: unknown) => {
      if (error instanceof InvalidClientError) request.journalNote = `invalid_client: ${error.reason}`
      throw error
    })
    request.org = subject.orgId
    const scopes = grantScopes(subject.scopes, scope)
    const token = await sign(accessTokenClaims({ ...subject, scopes }, wiring.clock.now(subject.orgId), wiring.ctx.random))
    return { access_token: token, token_type: 'bearer' as const, expires_in: IROH_ACCESS_TOKEN_TTL_SECONDS, scope: scopes.join(' ') }
  }

  app.post('/iroh/oauth2/token', {
    schema: {
      tags: TAG, summary: 'Access token: client credentials, authorization code (PKCE) or refresh token (rotated); RS256 JWT, 600 s',
      body: Type.Optional(TokenRequest),
      response: { 200: TokenAnswer, ...errorResponses(400, 401) },
    },
  }, async (request, reply) => {
    const body = request.body ?? {}
    const basic = basicCredentials(request.headers.authorization)
    const id = basic?.id ?? body.client_id
    const password = basic?.password ?? body.client_secret ?? body.client_password
    if (body.grant_type === undefined) throw grantTypeRequired()
    if (!GRANT_TYPES.includes(body.grant_type)) throw unsupportedGrantType(body.grant_type)
    if (!id || !password) throw new InvalidClientError()
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    if (body.grant_type === 'client_credentials') return clientCredentials(request, id, password, body.scope)
    const client = await authenticateOAuthClient(wiring.ctx, id, password)
    if (!client) throw new InvalidClientError(`unknown OAuth client ${id}`)
    request.org = client.orgId
    return body.grant_type === 'authorization_code'
      ? redeemCode(wiring.ctx, client, body, sign)
      : refreshTokens(wiring.ctx, client, body.refresh_token, body.scope, sign)
  })

  app.post('/iroh/oauth2/revoke', {
    schema: { tags: TAG, summary: 'Revokes a refresh token and those rotated from the same code (RFC 7009)', body: RevokeRequest, response: { 200: Type.Object({}), ...errorResponses(400) } },
  }, async (request) => {
    const basic = basicCredentials(request.headers.authorization)
    const id = basic?.id ?? request.body.client_id
    const secret = basic?.password ?? request.body.client_secret
    const client = id && secret ? await authenticateOAuthClient(wiring.ctx, id, secret) : undefined
    if (!client) throw new InvalidClientError(id ? `unknown OAuth client ${id}` : 'no credentials')
    await revokeToken(wiring.ctx, client, request.body.token)
    return {}
  })

  app.get('/.well-known/jwks', { schema: { tags: TAG, summary: 'Public keys that verify IROH access tokens', response: { 200: Jwks } } },
    async () => ({ keys: await wiring.keys.publicJwks() }))

  app.get('/.well-known/oauth-authorization-server', { schema: { tags: TAG, summary: 'OAuth authorization-server metadata' } },
    async (request) => authorizationServerMetadata(baseUrl(request, wiring.config.PUBLIC_URL)))
}

/** IROH's authorization-server metadata (specs/iroh/oauth-as.json) for this CTR at `base`. */
export function authorizationServerMetadata(base: string) {
  return {
    issuer: IROH_TOKEN_ISSUER,
    authorization_endpoint: `${base}/iroh/oauth2/authorize`,
    token_endpoint: `${base}/iroh/oauth2/token`,
    revocation_endpoint: `${base}/iroh/oauth2/revoke`,
    jwks_uri: `${base}/.well-known/jwks`,
    grant_types_supported: ['authorization_code', 'client_credential', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    response_types_supported: ['code', 'token'],
    code_challenge_methods_supported: [...PKCE_METHODS],
    scopes_supported: [...ALL_SCOPES],
    service_documentation: `${base}/documentation`,
  }
}
