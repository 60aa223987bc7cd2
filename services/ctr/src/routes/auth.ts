// The bearer-token check in front of every /iroh/* route: a verified IROH access token (signature, issuer, exp/nbf
// by the control-plane clock, the org still exists), the route's scope, then the org's hourly rate limit.
// A route names its scope in `config.scope`. Verified tokens and org checks are cached, so this costs no I/O.
import type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify'
import { DomainError } from '@ctrmock/kit'
import { InvalidTokenError, KeyRing, type VerifiedToken } from '../domain/access-tokens.ts'
import { missingScopes } from '../domain/scopes.ts'
import type { CtrRuntime } from '../runtime.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The IROH scope the route requires, e.g. "inspect:read". */
    scope?: string
  }
  interface FastifyRequest {
    /** The verified access token of an /iroh/* call. */
    auth?: VerifiedToken
    /** The key ring's entry for the bearer token, found when the request's org was identified (not yet time-checked). */
    peekedToken?: VerifiedToken
  }
}

export const RATE_LIMIT_HEADER = 'X-Ratelimit-Org-Limit'
export const RATE_LIMIT_REMAINING_HEADER = 'X-Ratelimit-Org-Remaining'

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (typeof header !== 'string' || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined
  // A token with spaces inside fails verification (its parts must be base64url).
  return header.slice(7).trim() || undefined
}

/** Verifies at the time of `org`, the org the request says it acts for. */
async function verify(runtime: CtrRuntime, token: string, org: string | undefined, known?: VerifiedToken): Promise<VerifiedToken> {
  const now = runtime.clock.now(org)
  try {
    return runtime.keys.verify(token, now, known)
  } catch (error) {
    const kid = KeyRing.kidOf(token)
    if (!(error instanceof InvalidTokenError) || !kid || runtime.keys.hasKey(kid)) throw error
    // Signed by a key another replica added since this one loaded its keys.
    await runtime.reloadKeys()
    return runtime.keys.verify(token, now)
  }
}

export function irohAuthHook(runtime: CtrRuntime) {
  const limit = runtime.config.RATE_LIMIT_PER_HOUR
  // A verified token is one cached object, so its scope decisions are cached beside it.
  const decisions = new WeakMap<VerifiedToken, Map<string, string[]>>()
  const missingFor = (auth: VerifiedToken, required: string): string[] => {
    let byScope = decisions.get(auth)
    if (!byScope) decisions.set(auth, (byScope = new Map()))
    let missing = byScope.get(required)
    if (!missing) byScope.set(required, (missing = missingScopes(auth.scopes, [required])))
    return missing
  }
  // An invalid token's answer names the reason in WWW-Authenticate; other errors (scope, rate limit) pass unchanged.
  const invalid = (reply: FastifyReply, error: unknown) => {
    if (error instanceof InvalidTokenError) reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${error.message}"`)
    return error
  }

  /** The token is valid and its org's existence known: the scope and the org's rate limit decide. */
  const admit = (request: FastifyRequest, reply: FastifyReply, auth: VerifiedToken, orgExists: boolean): void => {
    if (!orgExists) throw new InvalidTokenError('The org of this JWT does not exist')
    request.auth = auth
    request.org = auth.orgId
    const required = request.routeOptions.config.scope
    if (required) {
      const missing = missingFor(auth, required)
      if (missing.length > 0) {
        throw new DomainError('missing_scope', `Missing scopes: ${missing.join(', ')}`, 403, {
          'missing-scopes': missing, 'required-scopes': [required], scopes: auth.scopes, 'user-id': auth.userId, 'org-id': auth.orgId,
        })
      }
    }
    if (limit > 0) {
      reply.header(RATE_LIMIT_HEADER, limit)
      const decision = runtime.rateLimiter.hit(auth.orgId, runtime.clock.now(auth.orgId))
      reply.header(RATE_LIMIT_REMAINING_HEADER, decision.remaining)
      if (!decision.allowed) {
        reply.header('retry-after', decision.retryAfterSeconds)
        throw new DomainError('too_many_requests', `Rate limit exceeded: ${limit} requests per hour for this org`, 429)
      }
    }
  }

  /** A token not verified before, or an org not looked up lately: signature check, key reload, database. */
  const admitSlowly = async (request: FastifyRequest, reply: FastifyReply, token: string): Promise<void> => {
    try {
      const auth = await verify(runtime, token, request.org, request.peekedToken)
      admit(request, reply, auth, runtime.knownOrgs.peek(auth.orgId) ?? (await runtime.knownOrgs.exists(auth.orgId)))
    } catch (error) {
      throw invalid(reply, error)
    }
  }

  // A callback hook: a remembered token of an org known to exist is decided without I/O, so the common call costs
  // no promise (the slow path returns to `done` when it is through).
  return function irohAuth(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const token = bearer(request)
    if (!token) {
      reply.header('www-authenticate', 'Bearer')
      return done(new DomainError('invalid_request', 'No JWT found in HTTP Authorization header', 401))
    }
    const remembered = request.peekedToken ?? runtime.keys.peek(token)
    const orgExists = remembered && runtime.knownOrgs.peek(remembered.orgId)
    if (!remembered || orgExists === undefined) {
      admitSlowly(request, reply, token).then(() => done(), done)
      return
    }
    try {
      admit(request, reply, runtime.keys.verify(token, runtime.clock.now(request.org), remembered), orgExists)
    } catch (error) {
      return done(invalid(reply, error) as Error)
    }
    done()
  }
}

/** Registers routes behind the IROH token check. */
export function withIrohAuth(runtime: CtrRuntime, register: (app: FastifyInstance) => Promise<void>) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', irohAuthHook(runtime))
    await register(app)
  }
}
