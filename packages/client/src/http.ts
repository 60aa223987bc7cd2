// The one place the client touches the network: JSON in and out over fetch, typed errors.
import { CtrmockApiError, CtrmockConnectionError } from './errors.ts'

export type Query = Record<string, string | number | boolean | undefined | string[]>

export interface RequestOptions {
  query?: Query
  body?: unknown
  form?: Record<string, string>
  headers?: Record<string, string>
  /** Statuses the caller handles itself (the answer is returned, not thrown). */
  accept?: number[]
  timeoutMs?: number
}

export interface HttpAnswer<T> {
  status: number
  headers: Headers
  body: T
}

export class HttpService {
  constructor(readonly service: string, readonly baseUrl: string, private readonly auth?: () => Promise<Record<string, string>>) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const url = new URL(this.baseUrl.replace(/\/$/, '') + path)
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v))
    }
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.auth?.()), ...options.headers }
    let body: string | undefined
    if (options.form) {
      body = new URLSearchParams(options.form).toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] = 'application/json'
    }
    let response: Response
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) })
    } catch (error) {
      throw new CtrmockConnectionError(this.service, url.origin, error)
    }
    const text = await response.text()
    let parsed: unknown = text
    if (text && (response.headers.get('content-type') ?? '').includes('json')) {
      try { parsed = JSON.parse(text) } catch { parsed = text }
    }
    if (!response.ok && !(options.accept ?? []).includes(response.status)) {
      throw new CtrmockApiError(this.service, method, url.pathname, response.status, parsed)
    }
    return { status: response.status, headers: response.headers, body: parsed as T }
  }

  async json<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(method, path, options)).body
  }
}
