// CTR → its paired private intelligence (CTIA) service: what the Private Intelligence module reads with a token CTR
// mints for the org, and the XDR private-intel routes, forwarded with the caller's own token.
import { ServiceClient, ServiceUnavailableError } from '@ctrmock/kit'
import type { Judgement, Observable, Verdict } from '@ctrmock/types'

/** A failure talking to the intel service; `code` is what enrich reports in errors[]. */
export class IntelCallError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message)
  }
}

/** What the intel service holds about one observable for one org. */
export interface ObservableIntel {
  judgements: Judgement[]
  verdict?: Verdict
  sightings: Array<Record<string, unknown>>
  indicators: Array<Record<string, unknown>>
}

/** The intel service's answer to a forwarded call, passed back as it came. */
export interface ForwardedAnswer {
  status: number
  headers: Record<string, string>
  body: unknown
}

// The paging headers CTIA answers searches with, which forwarded calls pass on.
const PAGING_HEADERS = ['x-total-hits', 'x-next', 'x-previous', 'x-sort']

// Cisco caps entities per module call at 100 (CTR_ENTITIES_LIMIT).
const ENTITY_LIMIT = 100

function observablePath(observable: Observable): string {
  return `/ctia/${encodeURIComponent(observable.type)}/${encodeURIComponent(observable.value)}`
}

function describe(body: unknown): string {
  const b = body as { error?: unknown; message?: unknown } | undefined
  return typeof b?.message === 'string' ? b.message : typeof b?.error === 'string' ? b.error : 'no details'
}

export class IntelClient {
  readonly #http: ServiceClient
  constructor(readonly baseUrl: string, private readonly tokenFor: (orgId: string) => Promise<string>) {
    this.#http = new ServiceClient(baseUrl, { timeoutMs: 10_000, connections: 16 })
  }

  async #send<T>(method: string, path: string, authorization: string, options: { body?: unknown; query?: Record<string, string | number | undefined>; timeoutMs?: number } = {}) {
    try {
      return await this.#http.call<T>(method, path, { ...options, headers: { authorization } })
    } catch (error) {
      if (error instanceof ServiceUnavailableError) {
        const timeout = error.reason === 'timeout'
        throw new IntelCallError(timeout ? 'request timeout' : 'connection error', `Private Intelligence is ${timeout ? 'not answering in time' : 'unreachable'}`, timeout ? 504 : 503)
      }
      throw error
    }
  }

  async #read<T>(orgId: string, path: string, timeoutMs: number, query: Record<string, string | number | undefined> = {}): Promise<T | undefined> {
    const res = await this.#send<T>('GET', path, `Bearer ${await this.tokenFor(orgId)}`, { query, timeoutMs })
    if (res.status === 404) return undefined
    if (res.status === 401 || res.status === 403) throw new IntelCallError('authorization error', `Private Intelligence refused CTR's token: ${describe(res.body)}`, 502)
    if (res.status !== 200) throw new IntelCallError('unknown', `Private Intelligence answered HTTP ${res.status}: ${describe(res.body)}`, 502)
    return res.body
  }

  /** Whether the intel service answers the org's token. */
  async health(orgId: string, timeoutMs: number): Promise<void> {
    if ((await this.#read(orgId, '/ctia/properties', timeoutMs)) === undefined) throw new IntelCallError('unknown', 'Private Intelligence has no /ctia/properties', 502)
  }

  /**
   * The org's judgements, verdict, sightings and indicators (through its judgements) of one observable. Verdict and
   * indicators both derive from judgements, so an observable without any is not asked for them.
   */
  async observable(orgId: string, observable: Observable, timeoutMs: number): Promise<ObservableIntel> {
    const base = observablePath(observable)
    const page = { limit: ENTITY_LIMIT }
    const [judgements, sightings] = await Promise.all([
      this.#read<Judgement[]>(orgId, `${base}/judgements`, timeoutMs, page),
      this.#read<Array<Record<string, unknown>>>(orgId, `${base}/sightings`, timeoutMs, page),
    ])
    const judged = (judgements ?? []).length > 0
    const [verdict, indicatorIds] = judged
      ? await Promise.all([
        this.#read<Verdict>(orgId, `${base}/verdict`, timeoutMs),
        this.#read<string[]>(orgId, `${base}/judgements/indicators`, timeoutMs, page),
      ])
      : [undefined, undefined]
    const indicators = await Promise.all((indicatorIds ?? []).map((id) =>
      this.#read<Record<string, unknown>>(orgId, `/ctia/indicator/${encodeURIComponent(id.slice(id.lastIndexOf('/') + 1))}`, timeoutMs)))
    return {
      judgements: judgements ?? [], sightings: sightings ?? [],
      indicators: indicators.filter((i) => i !== undefined),
      ...(verdict ? { verdict } : {}),
    }
  }

  /** One of the org's sightings by its CTIA key (`sighting-…`); undefined when the org has none such. */
  sighting(orgId: string, key: string, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
    return this.#read(orgId, `/ctia/sighting/${encodeURIComponent(key)}`, timeoutMs)
  }

  /**
   * The org's CTIA events after a cursor (X-Sort values), oldest first, and the cursor after the last of them. Read
   * with CTR's token for the org, as the Private Intelligence module reads.
   */
  async eventsAfter(orgId: string, after: readonly unknown[], limit: number, timeoutMs: number): Promise<{ events: Array<Record<string, unknown>>, after: unknown[] }> {
    const query = new URLSearchParams({ query: '*', sort_by: 'timestamp,id', sort_order: 'asc', limit: String(limit) })
    for (const value of after) query.append('search_after', String(value))
    const res = await this.#send<Array<Record<string, unknown>>>('GET', `/ctia/event/search?${query}`, `Bearer ${await this.tokenFor(orgId)}`, { timeoutMs })
    if (res.status !== 200 || !Array.isArray(res.body)) throw new IntelCallError('unknown', `Private Intelligence answered HTTP ${res.status}: ${describe(res.body)}`, 502)
    const sort = res.headers['x-sort']
    return { events: res.body, after: res.body.length > 0 && typeof sort === 'string' ? JSON.parse(sort) as unknown[] : [...after] }
  }

  /** A call with the caller's own Authorization header; the answer as the intel service gave it. */
  async forward(method: string, path: string, authorization: string, options: { body?: unknown; query?: string }): Promise<ForwardedAnswer> {
    const res = await this.#send(method, options.query ? `${path}?${options.query}` : path, authorization, options.body === undefined ? {} : { body: options.body })
    const headers: Record<string, string> = {}
    for (const name of PAGING_HEADERS) {
      const value = res.headers[name]
      if (typeof value === 'string') headers[name] = value
    }
    return { status: res.status, headers, body: res.body }
  }

  close(): Promise<void> {
    return this.#http.close()
  }
}
