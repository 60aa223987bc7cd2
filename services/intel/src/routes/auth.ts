// Authentication: an RS256 access token issued by the CTR of the same region, verified against that CTR's JWKS over
// HTTP with the control-plane clock, as SSE trusts CTR. The org is the token's org claim; scopes gate reads and writes.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { JwtError, ServiceUnavailableError, type Clock, type RemoteJwks } from '@ctrmock/kit'
import { IROH_CLAIMS, IROH_TOKEN_ISSUER } from '@ctrmock/types'
import type { Actor } from '../domain/context.ts'
import { jwksUnavailable, missingCapability, notAuthenticated } from '../domain/errors.ts'
import { acceptedScopes, allows, type Access } from '../domain/scopes.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook: the verified org, owner and scopes. */
    intelActor?: Actor
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function scopesOf(claims: Record<string, unknown>): string[] {
  const scopes = claims[IROH_CLAIMS.scopes] ?? claims[IROH_CLAIMS.oauthScopes]
  if (Array.isArray(scopes)) return scopes.filter((s): s is string => typeof s === 'string')
  return typeof scopes === 'string' ? scopes.split(/\s+/).filter(Boolean) : []
}

export function intelAuth(jwks: RemoteJwks, clock: Clock) {
  return async function verify(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : ''
    if (!token) {
      request.org = undefined
      throw notAuthenticated('Only authenticated users allowed')
    }
    let claims: Record<string, unknown>
    try {
      claims = await jwks.verify(token, clock.now(request.org), { issuer: IROH_TOKEN_ISSUER })
    } catch (error) {
      request.org = undefined
      if (error instanceof JwtError) throw notAuthenticated(`Invalid JWT: ${error.message}`)
      if (error instanceof ServiceUnavailableError) throw jwksUnavailable()
      throw error
    }
    const orgId = str(claims[IROH_CLAIMS.orgId])
    if (!orgId || orgId.length > 200 || orgId.includes('\u0000')) {
      request.org = undefined
      throw notAuthenticated('Invalid JWT: no org claim')
    }
    const clientId = str(claims[IROH_CLAIMS.oauthClientId])
    request.org = orgId
    request.intelActor = {
      orgId,
      owner: str(claims[IROH_CLAIMS.userId]) ?? str(claims.sub) ?? (clientId ? `client:${clientId}` : 'unknown'),
      ...(clientId ? { clientId } : {}),
      scopes: scopesOf(claims),
    }
  }
}

/** The verified actor, allowed `access` to `type` (or to the service); else CTIA's 403. */
export function actorFor(request: FastifyRequest, access: Access, type?: string): Actor {
  const actor = request.intelActor
  if (!actor) throw notAuthenticated('Only authenticated users allowed')
  if (!allows(actor.scopes, access, type)) throw missingCapability(acceptedScopes(access, type))
  return actor
}
