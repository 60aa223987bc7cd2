// CTR → relay modules: Cisco's relay protocol (POST <url>/<api>, JSON, the configured Authorization header).
// One kept-alive pool per module origin, bounded so arbitrary URLs cannot pile up connections.
import { ServiceClients, ServiceUnavailableError } from '@ctrmock/kit'

export interface RelayAnswer {
  status: number
  body: unknown
}

const MAX_POOLS = 64

export class RelayClient {
  readonly #clients = new ServiceClients({ max: MAX_POOLS })

  /** Throws ServiceUnavailableError when the module cannot be reached or does not answer in time. */
  async call(url: string, api: string, options: { body?: unknown; authorization?: string; timeoutMs: number }): Promise<RelayAnswer> {
    const target = new URL(url)
    const path = `${target.pathname.replace(/\/+$/, '')}/${api}`
    const headers: Record<string, string> = options.authorization ? { authorization: options.authorization } : {}
    const res = await this.#clients.for(target.origin).call('POST', path, {
      body: options.body ?? {}, headers, timeoutMs: options.timeoutMs, retries: 0,
    })
    return { status: res.status, body: res.body }
  }

  close(): Promise<void> {
    return this.#clients.close()
  }
}

export { ServiceUnavailableError }
