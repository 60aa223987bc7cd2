// SSE → device: forwards a proxied call to the device's callback URL, signed with the device's own secret
// ({iss: "sse", sub: deviceId, aud: "device", iat, exp: iat + 60}). One kept-alive client per device origin.
import { ServiceClient, signHs256 } from '@ctrmock/kit'
import type { DeviceProxyRequest, DeviceProxyResponse } from '@ctrmock/types'

export interface ProxiedDevice {
  id: string
  secret: string
  callbackUrl: string
}

const MAX_CLIENTS = 256
const DEVICE_TOKEN_SECONDS = 60

export class DeviceClients {
  #clients = new Map<string, ServiceClient>()

  constructor(readonly timeoutMs: number) {}

  #client(origin: string): ServiceClient {
    let client = this.#clients.get(origin)
    if (!client) {
      if (this.#clients.size >= MAX_CLIENTS) {
        const [oldest, stale] = this.#clients.entries().next().value as [string, ServiceClient]
        this.#clients.delete(oldest)
        void stale.close().catch(() => {})
      }
      client = new ServiceClient(origin, { timeoutMs: this.timeoutMs, connections: 8 })
      this.#clients.set(origin, client)
    }
    return client
  }

  /** Throws the kit's ServiceUnavailableError (timeout | unreachable) when the device does not answer. */
  async call(device: ProxiedDevice, request: DeviceProxyRequest, now: Date): Promise<DeviceProxyResponse> {
    const base = new URL(device.callbackUrl)
    const iat = Math.floor(now.getTime() / 1000)
    const token = signHs256(device.secret, { iss: 'sse', sub: device.id, aud: 'device', iat, exp: iat + DEVICE_TOKEN_SECONDS })
    const res = await this.#client(base.origin).call(request.method, base.pathname.replace(/\/$/, '') + request.path, {
      query: request.query,
      body: request.method === 'GET' ? undefined : request.body,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: this.timeoutMs,
      retries: 0,
    })
    return { status: res.status, body: res.body === '' ? null : res.body }
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()]
    this.#clients.clear()
    await Promise.all(clients.map((client) => client.close().catch(() => {})))
  }
}
