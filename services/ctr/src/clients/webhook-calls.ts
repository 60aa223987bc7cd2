// CTR → webhook URLs: one POST of an event as JSON, with the webhook's Authorization header if it has one. One kept-alive
// pool per origin, bounded so arbitrary URLs cannot pile up connections.
import { ServiceClients, ServiceUnavailableError } from '@ctrmock/kit'
import type { DeliveryOutcome } from '../domain/webhooks.ts'

const MAX_POOLS = 64

export class WebhookCalls {
  readonly #clients = new ServiceClients({ max: MAX_POOLS })

  /** The status the URL answered, or why there was none. */
  async post(url: string, body: unknown, options: { authorization?: string; timeoutMs: number }): Promise<DeliveryOutcome> {
    const target = new URL(url)
    const headers: Record<string, string> = options.authorization ? { authorization: options.authorization } : {}
    try {
      const res = await this.#clients.for(target.origin).call('POST', target.pathname + target.search, { body, headers, timeoutMs: options.timeoutMs, retries: 0 })
      return { status: res.status }
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error
      return { failed: error.reason, message: `${target.origin}${target.pathname} is ${error.reason === 'timeout' ? 'not answering in time' : 'unreachable'}` }
    }
  }

  close(): Promise<void> {
    return this.#clients.close()
  }
}
