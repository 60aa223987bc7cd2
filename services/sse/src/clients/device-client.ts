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

  constructor(readonly timeoutMs: number) {
    this.#clients = new ServiceClients({ max: MAX_CLIENTS, timeoutMs })
  }

  /** Throws the kit's ServiceUnavailableError (timeout | unreachable) when the device does not answer. */
  async call(device: ProxiedDevice, request: DeviceProxyRequest, now: Date): Promise<DeviceProxyResponse> {
    const base = new URL(device.callbackUrl)
    const iat = Math.floor(now.getTime() / 1000)
    const token = signHs256(device.secret, { iss: 'sse', sub: device.id, aud: 'device', iat, exp: iat + DEVICE_TOKEN_SECONDS })
    const res = await this.#clients.for(base.origin).call(request.method, base.pathname.replace(/\/$/, '') + request.path, {
      query: request.query,
      body: request.method === 'GET' ? undefined : request.body,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: this.timeoutMs,
      retries: 0,
    })
    return { status: res.status, body: res.body === '' ? null : res.body }
  }

  close(): Promise<void> {
    return this.#clients.close()
  }
}
