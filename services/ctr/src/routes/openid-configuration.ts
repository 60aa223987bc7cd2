// /.well-known/openid-configuration beside the OAuth metadata: OIDC client libraries discover the token, authorize
// and JWKS endpoints from it before anything else.
import type { FastifyInstance } from 'fastify'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'
import { authorizationServerMetadata } from './oauth2.ts'

export async function openidConfigurationRoutes(app: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  app.get('/.well-known/openid-configuration', { schema: { tags: ['oauth2'], summary: 'OpenID Provider metadata' } }, async (request) => ({
    ...authorizationServerMetadata(baseUrl(request, wiring.config.PUBLIC_URL)),
    // OIDC libraries check grant types against the registered names, where IROH's own metadata says client_credential.
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  }))
}
