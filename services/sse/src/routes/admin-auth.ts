// Portal (admin) authentication: an RS256 access token issued by the paired CTR, verified against CTR's JWKS over
// HTTP (cached) with the control-plane clock. The org is the token's org claim; the actor labels the audit log.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { DomainError, JwtError, ServiceUnavailableError, type Clock, type RemoteJwks } from '@ctrmock/kit'
import { IROH_CLAIMS, IROH_TOKEN_ISSUER } from '@ctrmock/types'
import type { Actor } from '../domain/context.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin auth hook: the verified org and who acts. */
    actor?: Actor
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

export function actorLabel(claims: Record<string, unknown>): string {
  const email = str(claims[IROH_CLAIMS.userEmail]) ?? str(claims.email)
  const client = str(claims[IROH_CLAIMS.oauthClientId])
  const user = str(claims[IROH_CLAIMS.userId])
  return email ?? (client ? `client:${client}` : user ? `user:${user}` : `sub:${str(claims.sub) ?? 'unknown'}`)
}

export function adminAuth(jwks: RemoteJwks, clock: Clock) {
  return async function verifyAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : ''
    if (!token) {
      request.org = undefined
      throw new DomainError('invalid_request', 'No JWT found in HTTP Authorization header', 401)
    }
    let claims: Record<string, unknown>
    try {
      // At the time of the org the token names (request.org, read from it unverified).
      claims = await jwks.verify(token, clock.now(request.org), { issuer: IROH_TOKEN_ISSUER })
    } catch (error) {
      request.org = undefined
      if (error instanceof JwtError) throw new DomainError('invalid_token', `Invalid JWT: ${error.message}`, 401)
      if (error instanceof ServiceUnavailableError) throw new DomainError('service_unavailable', 'The trusted JWKS of the paired CTR cannot be reached', 503)
      throw error
    }
    const orgId = str(claims[IROH_CLAIMS.orgId])
    if (!orgId || orgId.length > 200 || orgId.includes('\u0000')) {
      request.org = undefined
      throw new DomainError('invalid_token', 'Invalid JWT: no org claim', 401)
    }
    request.org = orgId
    request.actor = { orgId, label: actorLabel(claims) }
  }
}

/** The verified actor of an admin route (the hook guarantees it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('invalid_request', 'No JWT found in HTTP Authorization header', 401)
  return request.actor
}
