// Kept-alive clients for many origins (devices, relay modules): one per origin, at most `max`, the oldest closed
// when a new origin needs room.
import { ServiceClient } from './service-client.ts'

export class ServiceClients {
  readonly #clients = new Map<string, ServiceClient>()

  constructor(private readonly options: { max: number; timeoutMs?: number; connections?: number }) {}

  for(origin: string): ServiceClient {
    let client = this.#clients.get(origin)
    if (!client) {
      if (this.#clients.size >= this.options.max) {
        const [oldest, stale] = this.#clients.entries().next().value as [string, ServiceClient]
        this.#clients.delete(oldest)
        void stale.close().catch(() => {})
      }
      client = new ServiceClient(origin, { timeoutMs: this.options.timeoutMs, connections: this.options.connections ?? 8 })
      this.#clients.set(origin, client)
    }
    return client
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()]
    this.#clients.clear()
    await Promise.all(clients.map((client) => client.close().catch(() => {})))
  }
}
