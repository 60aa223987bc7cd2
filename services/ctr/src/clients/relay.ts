// CTR → relay modules: Cisco's relay protocol (POST <url>/<api>, JSON, the configured Authorization header).
// One kept-alive pool per module origin, bounded so arbitrary URLs cannot pile up connections.
import { ServiceClient, ServiceUnavailableError } from '@ctrmock/kit'

export interface RelayAnswer {
  status: number
  body: unknown
}

const MAX_POOLS = 64

export class RelayClient {
  readonly #pools = new Map<string, ServiceClient>()

  #pool(origin: string): ServiceClient {
    let pool = this.#pools.get(origin)
    if (!pool) {
      if (this.#pools.size >= MAX_POOLS) {
        const [oldest, client] = this.#pools.entries().next().value as [string, ServiceClient]
        this.#pools.delete(oldest)
        void client.close().catch(() => {})
      }
      pool = new ServiceClient(origin, { connections: 8 })
      this.#pools.set(origin, pool)
    }
    return pool
  }

  /** Throws ServiceUnavailableError when the module cannot be reached or does not answer in time. */
  async call(url: string, api: string, options: { body?: unknown; authorization?: string; timeoutMs: number }): Promise<RelayAnswer> {
    const target = new URL(url)
    const path = `${target.pathname.replace(/\/+$/, '')}/${api}`
    const headers: Record<string, string> = options.authorization ? { authorization: options.authorization } : {}
    const res = await this.#pool(target.origin).call('POST', path, {
      body: options.body ?? {}, headers, timeoutMs: options.timeoutMs, retries: 0,
    })
    return { status: res.status, body: res.body }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((p) => p.close().catch(() => {})))
    this.#pools.clear()
  }
}

export { ServiceUnavailableError }
