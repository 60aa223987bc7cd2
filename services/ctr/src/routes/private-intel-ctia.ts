// The private intelligence XDR's use cases read and write, reached through the intel service with the caller's own
// token: CTIA's refusals become IROH errors (CTIA's details kept beside `error` and `error_description`).
import { DomainError } from '@ctrmock/kit'
import { IntelCallError, type IntelClient } from '../clients/intel.ts'
import type { CtiaAccess, CtiaEntity, CtiaQuery } from '../domain/ctia-access.ts'
import { intelFailed } from '../domain/errors.ts'

// IROH's error names for the statuses CTIA refuses with.
const IROH_ERRORS: Record<number, string> = {
  400: 'invalid_request', 401: 'invalid_token', 403: 'missing_scope', 404: 'not_found', 409: 'conflict',
  413: 'payload_too_large', 429: 'too_many_requests',
}

/** CTIA's refusal with IROH's `error` and `error_description` added (CTIA's own fields kept beside them). */
export function irohRefusal(status: number, body: unknown): Record<string, unknown> {
  const ctia = body && typeof body === 'object' && !Array.isArray(body) ? body as Record<string, unknown> : { message: String(body ?? '') }
  const error = typeof ctia.error === 'string' && ctia.error ? ctia.error : IROH_ERRORS[status] ?? (status >= 500 ? 'service_unavailable' : 'invalid_request')
  const description = typeof ctia.message === 'string' && ctia.message ? ctia.message
    : typeof ctia.type === 'string' && ctia.type ? `${ctia.type}: ${JSON.stringify(ctia.errors ?? ctia.value ?? '')}` : error
  return { ...ctia, error, error_description: description }
}

function queryString(query: CtiaQuery = {}): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one))
  }
  return params.toString()
}

function refusal(status: number, body: unknown): DomainError {
  const { error, error_description: description, ...details } = irohRefusal(status, body)
  // A failure behind the intel service is its unavailability, never a 500 of CTR.
  return new DomainError(String(error), String(description), status >= 500 ? 503 : status, details)
}

/** A call to the intel service, its unavailability as IROH's 503 or 504. */
export async function viaIntel<T>(call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (error) {
    if (error instanceof IntelCallError) throw intelFailed(error.message, error.status === 504)
    throw error
  }
}

export function ctiaAccess(intel: IntelClient, authorization: string): CtiaAccess {
  const call = (method: string, path: string, options: { body?: unknown; query?: CtiaQuery }) =>
    viaIntel(intel.forward(method, path, authorization, { query: queryString(options.query), ...(options.body === undefined ? {} : { body: options.body }) }))
  return {
    async read<T>(path: string, query?: CtiaQuery) {
      const answer = await call('GET', path, { ...(query ? { query } : {}) })
      if (answer.status === 404) return undefined
      if (answer.status >= 400) throw refusal(answer.status, answer.body)
      return answer.body as T
    },
    async search(path: string, query?: CtiaQuery) {
      const answer = await call('GET', path, { ...(query ? { query } : {}) })
      if (answer.status >= 400) throw refusal(answer.status, answer.body)
      return { entities: answer.body as CtiaEntity[], headers: answer.headers }
    },
    async write<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown) {
      const answer = await call(method, path, { body })
      if (answer.status >= 400) throw refusal(answer.status, answer.body)
      return answer.body as T
    },
  }
}
