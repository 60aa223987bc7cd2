// CTR → webhook URLs: every recorded IROH event is POSTed, as JSON, to each of the org's webhooks that takes it, with
// an IROH JWT when the webhook asks for one, without holding up the request that caused it; each call leaves a
// webhook result. close() waits for the calls under way.
import { ServiceClients, ServiceUnavailableError } from '@ctrmock/kit'
import type { IrohEvent, Webhook } from '@ctrmock/types'
import type { CtrContext } from '../domain/context.ts'
import { recordWebhookResult, webhookTokenClaims, webhooksFor, type DeliveryOutcome } from '../domain/webhooks.ts'

const MAX_POOLS = 64

export interface WebhookDeliveryOptions {
  sign: (claims: Record<string, unknown>) => Promise<string>
  timeoutMs: number
  /** Where a delivery that could not even record its result is reported. */
  onError: (error: unknown, event: IrohEvent) => void
}

export class WebhookDelivery {
  readonly #clients = new ServiceClients({ max: MAX_POOLS })
  readonly #pending = new Set<Promise<void>>()

  constructor(private readonly ctx: CtrContext, private readonly options: WebhookDeliveryOptions) {}

  /** Starts delivering an event; the caller does not wait for it. */
  published(event: IrohEvent): void {
    const delivery: Promise<void> = this.#deliver(event)
      .catch((error: unknown) => this.options.onError(error, event))
      .finally(() => this.#pending.delete(delivery))
    this.#pending.add(delivery)
  }

  async #deliver(event: IrohEvent): Promise<void> {
    const webhooks = await webhooksFor(this.ctx, event)
    await Promise.all(webhooks.map(async (webhook) => recordWebhookResult(this.ctx, webhook, event, await this.#call(webhook, event))))
  }

  async #call(webhook: Webhook, event: IrohEvent): Promise<DeliveryOutcome> {
    const target = new URL(webhook.url!)
    const claims = await webhookTokenClaims(this.ctx, webhook)
    const headers: Record<string, string> = claims ? { authorization: `Bearer ${await this.options.sign(claims)}` } : {}
    try {
      const res = await this.#clients.for(target.origin).call('POST', target.pathname + target.search, {
        body: event, headers, timeoutMs: this.options.timeoutMs, retries: 0,
      })
      return { status: res.status }
    } catch (error) {
      if (error instanceof ServiceUnavailableError) return { failed: error.reason, message: `${target.origin}${target.pathname} is ${error.reason === 'timeout' ? 'not answering in time' : 'unreachable'}` }
      throw error
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending])
    await this.#clients.close()
  }
}
