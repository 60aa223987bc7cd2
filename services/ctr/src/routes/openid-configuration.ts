// /.well-known/openid-configuration beside the OAuth metadata: OIDC client libraries discover the token, authorize
// and JWKS endpoints from it before anything else.
import type { FastifyInstance } from 'fastify'
import { IROH_TOKEN_ISSUER } from '@ctrmock/types'
import { ALL_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'

export async function openidConfigurationRoutes(app: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  app.get('/.well-known/openid-configuration', { schema: { tags: ['oauth2'], summary: 'OpenID Provider metadata' } }, async (request) => {
    const base = baseUrl(request, wiring.config.PUBLIC_URL)
    return {
      issuer: IROH_TOKEN_ISSUER,
      authorization_endpoint: `${base}/iroh/oauth2/authorize`,
      token_endpoint: `${base}/iroh/oauth2/token`,
      revocation_endpoint: `${base}/iroh/oauth2/revoke`,
      jwks_uri: `${base}/.well-known/jwks`,
      response_types_supported: ['code', 'token'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      code_challenge_methods_supported: ['S256', 'plain'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: [...ALL_SCOPES],
      service_documentation: `${base}/documentation`,
    }
  })
}
