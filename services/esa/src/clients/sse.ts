// The appliance's calls to SSE's device-facing API (/device/v1), one client per region, chosen by the server label
// of Cloud Service Settings. Device calls carry a short-lived HS256 JWT made with the device secret.
import { ServiceClient, signHs256, type ServiceResponse } from '@ctrmock/kit'
import { sseRegionByServerLabel, type DeviceRegistrationRequest, type SseRegion } from '@ctrmock/types'

export const DEVICE_JWT_TTL_SECONDS = 300

export function deviceJwt(deviceId: string, deviceSecret: string, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000)
  return signHs256(deviceSecret, { iss: deviceId, sub: deviceId, aud: 'sse', iat, exp: iat + DEVICE_JWT_TTL_SECONDS })
}

export class SseDeviceClient {
  readonly #http: ServiceClient
  constructor(readonly baseUrl: string, private readonly timeoutMs: number) {
    this.#http = new ServiceClient(baseUrl, { timeoutMs, connections: 4 })
  }

  /** POST /device/v1/registrations: 201 with the device credentials, 401 for a bad token. Never retried here. */
  register(request: DeviceRegistrationRequest): Promise<ServiceResponse> {
    return this.#http.call('POST', '/device/v1/registrations', { body: request, retries: 0 })
  }

  heartbeat(jwt: string): Promise<ServiceResponse> {
    return this.#http.call('POST', '/device/v1/heartbeat', { body: {}, headers: { authorization: `Bearer ${jwt}` }, retries: 0 })
  }

  deregister(jwt: string): Promise<ServiceResponse> {
    return this.#http.call('DELETE', '/device/v1/registration', { headers: { authorization: `Bearer ${jwt}` }, retries: 1 })
  }

  close(): Promise<void> {
    return this.#http.close()
  }
}

/** The SSE base URL for each region (from env); a label with no configured URL has no client. */
export class SseClients {
  readonly #clients = new Map<SseRegion, SseDeviceClient>()
  constructor(private readonly urls: Partial<Record<SseRegion, string>>, private readonly timeoutMs: number) {}

  /** Server labels the appliance can reach: the GUI's select offers only these. */
  availableLabels(labels: readonly string[]): string[] {
    return labels.filter((label) => { const region = sseRegionByServerLabel(label); return region !== undefined && !!this.urls[region] })
  }

  forLabel(label: string | null): SseDeviceClient | undefined {
    const region = label ? sseRegionByServerLabel(label) : undefined
    const url = region ? this.urls[region] : undefined
    if (!region || !url) return undefined
    let client = this.#clients.get(region)
    if (!client) {
      client = new SseDeviceClient(url, this.timeoutMs)
      this.#clients.set(region, client)
    }
    return client
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#clients.values()].map((c) => c.close()))
    this.#clients.clear()
  }
}
