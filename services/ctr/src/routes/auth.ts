// The bearer-token check in front of every /iroh/* route: a verified IROH access token (signature, issuer, exp/nbf
// by the control-plane clock, the org still exists), the route's scope, then the org's hourly rate limit.
// A route names its scope in `config.scope`.
import type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify'
import { missingJwt, missingScope, rateLimited } from '../domain/errors.ts'
import { InvalidTokenError, type VerifiedToken } from '../domain/access-tokens.ts'
import { missingScopes } from '../domain/scopes.ts'
import type { Caller } from '../domain/context.ts'
import type { CtrWiring } from '../wiring.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The IROH scope the route requires, e.g. "inspect:read", or every one of several. */
    scope?: string | readonly string[]
  }
  interface FastifyRequest {
    /** The verified access token of an /iroh/* call. */
    auth?: VerifiedToken
  }
}

/** Who a verified /iroh/* call acts as: its token's org, user and client. */
export function callerOf(request: FastifyRequest): Caller {
  const { orgId, userId, clientId } = request.auth!
  return { orgId, userId, clientId }
}

export const RATE_LIMIT_HEADER = 'X-Ratelimit-Org-Limit'
export const RATE_LIMIT_REMAINING_HEADER = 'X-Ratelimit-Org-Remaining'

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (typeof header !== 'string' || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined
  // A token with spaces inside fails verification (its parts must be base64url).
  return header.slice(7).trim() || undefined
}

/** The request's token, verified at the time of the org the request says it acts for. */
async function verifiedToken(wiring: CtrWiring, request: FastifyRequest, reply: FastifyReply): Promise<VerifiedToken> {
  const token = bearer(request)
  if (!token) {
    reply.header('www-authenticate', 'Bearer')
    throw missingJwt()
  }
  try {
    return await wiring.keys.verify(token, wiring.clock.now(request.org))
  } catch (error) {
    // An invalid token's answer names the reason in WWW-Authenticate.
    if (error instanceof InvalidTokenError) reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${error.message}"`)
    throw error
  }
}

export function irohAuthHook(wiring: CtrWiring) {
  const limit = wiring.config.RATE_LIMIT_PER_HOUR
  return async function irohAuth(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const auth = await verifiedToken(wiring, request, reply)
    request.auth = auth
    request.org = auth.orgId
    const required = [request.routeOptions.config.scope ?? []].flat()
    const missing = missingScopes(auth.scopes, required)
    if (missing.length > 0) {
      throw missingScope(missing, {
        'missing-scopes': missing, 'required-scopes': required, scopes: auth.scopes, 'user-id': auth.userId, 'org-id': auth.orgId,
      })
    }
    if (limit > 0) {
      reply.header(RATE_LIMIT_HEADER, limit)
      const decision = wiring.rateLimiter.hit(auth.orgId, wiring.clock.now(auth.orgId))
      reply.header(RATE_LIMIT_REMAINING_HEADER, decision.remaining)
      if (!decision.allowed) {
        reply.header('retry-after', decision.retryAfterSeconds)
        throw rateLimited(limit)
      }
    }
  }
}

/** Registers routes behind the IROH token check. */
export function withIrohAuth(wiring: CtrWiring, register: (app: FastifyInstance) => Promise<void>) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', irohAuthHook(wiring))
    await register(app)
  }
}
