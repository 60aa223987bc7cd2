// Service-to-service HTTP over a kept-alive undici pool: timeouts always, retries only for idempotent calls.
import { Pool, errors as undiciErrors } from 'undici'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ServiceResponse<T = unknown> {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: T
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
  /** Retries on connection failures and 502/503/504; only for calls that are safe to repeat. */
  retries?: number
}

export class ServiceUnavailableError extends Error {
  constructor(readonly url: string, readonly reason: 'timeout' | 'unreachable', cause?: unknown) {
    super(`${url} is ${reason === 'timeout' ? 'not answering in time' : 'unreachable'}`, { cause })
  }
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

export class ServiceClient {
  readonly #pool: Pool
  constructor(readonly baseUrl: string, private readonly defaults: { timeoutMs?: number; connections?: number } = {}) {
    this.#pool = new Pool(new URL(baseUrl).origin, { connections: defaults.connections ?? 32, pipelining: 1, keepAliveTimeout: 10_000 })
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ServiceResponse<T>> {
    const base = new URL(this.baseUrl)
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base.origin)
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value))
    const timeout = options.timeoutMs ?? this.defaults.timeoutMs ?? 10_000
    const retries = options.retries ?? (IDEMPOTENT.has(method) ? 2 : 0)
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    let body: string | undefined
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.#pool.request({
          method: method as 'GET', path: url.pathname + url.search, headers, body,
          headersTimeout: timeout, bodyTimeout: timeout,
        })
        const text = await res.body.text()
        if (attempt < retries && [502, 503, 504].includes(res.statusCode)) {
          await sleep(100 * 2 ** attempt)
          continue
        }
        let parsed: unknown = text
        if (text && String(res.headers['content-type'] ?? '').includes('json')) {
          try { parsed = JSON.parse(text) } catch { parsed = text }
        }
        return { status: res.statusCode, headers: res.headers, body: parsed as T }
      } catch (error) {
        const timedOut = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError
        if (attempt < retries && !timedOut) {
          await sleep(100 * 2 ** attempt)
          continue
        }
        throw new ServiceUnavailableError(url.origin + url.pathname, timedOut ? 'timeout' : 'unreachable', error)
      }
    }
  }

  close(): Promise<void> {
    return this.#pool.close()
  }
}
