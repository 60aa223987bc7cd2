// The request being served, reachable without passing it around: the clock uses it to find the org whose time
// applies. Auth hooks set request.org later; readers see the current value because the store is the request itself.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyRequest } from 'fastify'

export const requestContext = new AsyncLocalStorage<FastifyRequest>()

export function currentOrg(): string | undefined {
  return requestContext.getStore()?.org
}
