// CTR → its paired SSE (portal API), with a token CTR mints for the org (client id `ctr-service`).
import { ServiceClient, ServiceUnavailableError } from '@ctrmock/kit'
import type { Device, DeviceProxyRequest, DeviceProxyResponse } from '@ctrmock/types'

/** A failure talking to SSE or, through its proxy, to a device; `code` is what enrich reports in errors[]. */
export class SseCallError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message)
  }
}

function describe(body: unknown, fallback: string): string {
  const b = body as { error_description?: unknown; error?: unknown } | undefined
  return typeof b?.error_description === 'string' ? b.error_description : typeof b?.error === 'string' ? b.error : fallback
}

// SSE's error codes (its portal contract) → the codes enrich reports.
const PROXY_ERRORS: Record<string, string> = {
  device_unreachable: 'device-unavailable',
  device_timeout: 'device-timeout',
  device_not_found: 'device-not-found',
  threat_response_disabled: 'threat-response-disabled',
}

export class SseClient {
  readonly #http: ServiceClient
  constructor(baseUrl: string, private readonly tokenFor: (orgId: string) => Promise<string>) {
    this.#http = new ServiceClient(baseUrl, { timeoutMs: 10_000, connections: 16 })
  }

  async #call<T>(orgId: string, method: string, path: string, options: { body?: unknown; query?: Record<string, string | number | undefined>; timeoutMs?: number } = {}) {
    const headers = { authorization: `Bearer ${await this.tokenFor(orgId)}` }
    try {
      return await this.#http.call<T>(method, path, { ...options, headers })
    } catch (error) {
      if (error instanceof ServiceUnavailableError) {
        throw new SseCallError(error.reason === 'timeout' ? 'sse-timeout' : 'sse-unavailable', `Security Services Exchange is ${error.reason === 'timeout' ? 'not answering in time' : 'unreachable'}`, error.reason === 'timeout' ? 504 : 503)
      }
      throw error
    }
  }

  #unexpected(status: number, body: unknown): SseCallError {
    if (status === 401 || status === 403) return new SseCallError('authorization error', `Security Services Exchange refused CTR's token: ${describe(body, `HTTP ${status}`)}`, 502)
    return new SseCallError('sse-error', `Security Services Exchange answered HTTP ${status}: ${describe(body, 'no details')}`, 502)
  }

  /** Devices registered for the org with Threat Response enabled in SSE Cloud Services ([] while disabled). */
  async threatResponseDevices(orgId: string): Promise<Device[]> {
    const res = await this.#call<{ devices?: Device[] }>(orgId, 'GET', '/api/v1/threat-response/devices')
    if (res.status !== 200 || !Array.isArray(res.body?.devices)) throw this.#unexpected(res.status, res.body)
    return res.body.devices
  }

  async deleteDevice(orgId: string, deviceId: string): Promise<boolean> {
    const res = await this.#call(orgId, 'DELETE', `/api/v1/devices/${encodeURIComponent(deviceId)}`)
    if (res.status === 404) return false
    if (res.status >= 300) throw this.#unexpected(res.status, res.body)
    return true
  }

  /** Changes a device's description (the one field SSE lets an admin edit); undefined when SSE knows no such device. */
  async updateDevice(orgId: string, deviceId: string, description: string): Promise<Device | undefined> {
    const res = await this.#call<Device>(orgId, 'PATCH', `/api/v1/devices/${encodeURIComponent(deviceId)}`, { body: { description } })
    if (res.status === 404) return undefined
    if (res.status !== 200) throw this.#unexpected(res.status, res.body)
    return res.body
  }

  /** The org's registration tokens nobody has used yet. */
  async unusedRegistrationTokens(orgId: string): Promise<Array<{ token: string; expiresAt: string }>> {
    const res = await this.#call<{ tokens?: Array<{ token: string; expiresAt: string }> }>(orgId, 'GET', '/api/v1/registration-tokens', { query: { status: 'unused' } })
    if (res.status !== 200 || !Array.isArray(res.body?.tokens)) throw this.#unexpected(res.status, res.body)
    return res.body.tokens
  }

  /** One registration token for the org, as SSE's Add Devices and Generate Tokens makes it. */
  async registrationToken(orgId: string, expiration: string): Promise<{ token: string; expiresAt: string }> {
    const res = await this.#call<{ tokens?: Array<{ token: string; expiresAt: string }> }>(orgId, 'POST', '/api/v1/registration-tokens', { body: { count: 1, expiration } })
    const token = res.body?.tokens?.[0]
    if (res.status !== 201 || !token) throw this.#unexpected(res.status, res.body)
    return token
  }

  /** A call to a device through SSE's proxy; the device's own answer, whatever its status. */
  async proxy(orgId: string, deviceId: string, request: DeviceProxyRequest, timeoutMs: number): Promise<DeviceProxyResponse> {
    const res = await this.#call<DeviceProxyResponse & { error?: string }>(orgId, 'POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/proxy`, { body: request, timeoutMs })
    if (res.status === 200 && res.body && typeof res.body.status === 'number') return res.body
    const code = typeof res.body?.error === 'string' ? PROXY_ERRORS[res.body.error] : undefined
    if (code) throw new SseCallError(code, describe(res.body, code), res.status)
    throw this.#unexpected(res.status, res.body)
  }

  close(): Promise<void> {
    return this.#http.close()
  }
}
