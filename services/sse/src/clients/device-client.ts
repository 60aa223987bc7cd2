// SSE → device: forwards a proxied call to the device's callback URL, signed with the device's own secret
// ({iss: "sse", sub: deviceId, aud: "device", iat, exp: iat + 60}). One kept-alive client per device origin.
import { ServiceClients, signHs256 } from '@ctrmock/kit'
import type { DeviceProxyRequest, DeviceProxyResponse } from '@ctrmock/types'

export interface ProxiedDevice {
  id: string
  secret: string
  callbackUrl: string
}

const MAX_CLIENTS = 256
const DEVICE_TOKEN_SECONDS = 60

export class DeviceClients {
  readonly #clients: ServiceClients
  // The token of each device for the current second: the claims are the same for every call within it.
  readonly #tokens = new Map<string, { secret: string; iat: number; token: string }>()

  constructor(readonly timeoutMs: number) {
    this.#clients = new ServiceClients({ max: MAX_CLIENTS, timeoutMs })
  }

  /** Throws the kit's ServiceUnavailableError (timeout | unreachable) when the device does not answer. */
  async call(device: ProxiedDevice, request: DeviceProxyRequest, now: Date): Promise<DeviceProxyResponse> {
    const base = new URL(device.callbackUrl)
    const token = this.#tokenFor(device, Math.floor(now.getTime() / 1000))
    const res = await this.#clients.for(base.origin).call(request.method, base.pathname.replace(/\/$/, '') + request.path, {
      query: request.query,
      body: request.method === 'GET' ? undefined : request.body,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: this.timeoutMs,
      retries: 0,
    })
    return { status: res.status, body: res.body === '' ? null : res.body }
  }

  #tokenFor(device: ProxiedDevice, iat: number): string {
    const known = this.#tokens.get(device.id)
    if (known && known.iat === iat && known.secret === device.secret) return known.token
    const token = signHs256(device.secret, { iss: 'sse', sub: device.id, aud: 'device', iat, exp: iat + DEVICE_TOKEN_SECONDS })
    if (this.#tokens.size >= MAX_CLIENTS) this.#tokens.delete(this.#tokens.keys().next().value!)
    this.#tokens.set(device.id, { secret: device.secret, iat, token })
    return token
  }

  close(): Promise<void> {
    return this.#clients.close()
  }
}
