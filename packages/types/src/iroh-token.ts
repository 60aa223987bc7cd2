// IROH OAuth2 access tokens: the token response and the RS256 JWT claims CTR issues (decoded published sample and
// harvested .well-known metadata, cisco-api.md §1.2). SSE trusts these claims to know a caller's org.
import { Type, type Static } from '@sinclair/typebox'

export const IROH_TOKEN_ISSUER = 'IROH Auth'
export const IROH_ACCESS_TOKEN_TTL_SECONDS = 600
export const IROH_CLAIM_NAMESPACE = 'https://schemas.cisco.com/iroh/identity/claims/'

export const IROH_CLAIMS = {
  userEmail: 'https://schemas.cisco.com/iroh/identity/claims/user/email',
  userScopes: 'https://schemas.cisco.com/iroh/identity/claims/user/scopes',
  userId: 'https://schemas.cisco.com/iroh/identity/claims/user/id',
  scopes: 'https://schemas.cisco.com/iroh/identity/claims/scopes',
  oauthScopes: 'https://schemas.cisco.com/iroh/identity/claims/oauth/scopes',
  oauthUserId: 'https://schemas.cisco.com/iroh/identity/claims/oauth/user/id',
  oauthGrant: 'https://schemas.cisco.com/iroh/identity/claims/oauth/grant',
  oauthClientId: 'https://schemas.cisco.com/iroh/identity/claims/oauth/client/id',
  oauthKind: 'https://schemas.cisco.com/iroh/identity/claims/oauth/kind',
  orgId: 'https://schemas.cisco.com/iroh/identity/claims/org/id',
  orgName: 'https://schemas.cisco.com/iroh/identity/claims/org/name',
  version: 'https://schemas.cisco.com/iroh/identity/claims/version',
} as const

// Values of oauth/grant, oauth/kind and version in a client-credentials token.
export const IROH_CLIENT_CREDENTIALS_GRANT = 'client-creds'
export const IROH_ACCESS_TOKEN_KIND = 'access-token'
export const IROH_CLAIMS_VERSION = '1'

const scopes = Type.Array(Type.String())

export const IrohAccessTokenClaims = Type.Object({
  iss: Type.String(),
  sub: Type.String(),
  email: Type.Optional(Type.String()),
  exp: Type.Integer(),
  iat: Type.Integer(),
  nbf: Type.Integer(),
  jti: Type.String(),
  [IROH_CLAIMS.userEmail]: Type.Optional(Type.String()),
  [IROH_CLAIMS.userScopes]: Type.Optional(scopes),
  [IROH_CLAIMS.userId]: Type.String(),
  [IROH_CLAIMS.scopes]: scopes,
  [IROH_CLAIMS.oauthScopes]: Type.Optional(scopes),
  [IROH_CLAIMS.oauthUserId]: Type.Optional(Type.String()),
  [IROH_CLAIMS.oauthGrant]: Type.Optional(Type.String()),
  [IROH_CLAIMS.oauthClientId]: Type.Optional(Type.String()),
  [IROH_CLAIMS.oauthKind]: Type.Optional(Type.String()),
  [IROH_CLAIMS.orgId]: Type.String(),
  [IROH_CLAIMS.orgName]: Type.Optional(Type.String()),
  [IROH_CLAIMS.version]: Type.Optional(Type.String()),
})
export type IrohAccessTokenClaims = Static<typeof IrohAccessTokenClaims>

// POST /iroh/oauth2/token → {"access_token": "...", "token_type": "bearer", "expires_in": 600, "scope": "a b c"}
export const IrohTokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
  refresh_token: Type.Optional(Type.String()),
})
export type IrohTokenResponse = Static<typeof IrohTokenResponse>
