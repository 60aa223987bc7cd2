// The background side of webhooks: every recorded IROH event goes to each of the org's webhooks that takes it, with
// an IROH JWT when the webhook asks for one, without holding up the request that caused it; each call leaves a
// webhook result. close() waits for the deliveries under way.
import type { IrohEvent, Webhook } from '@ctrmock/types'
import type { CtrContext } from '../domain/context.ts'
import { recordWebhookResult, webhookTokenClaims, webhooksFor, type CtiaEvent } from '../domain/webhooks.ts'
import type { WebhookCalls } from '../clients/webhook-calls.ts'

export interface WebhookDeliveryOptions {
  calls: WebhookCalls
  sign: (claims: Record<string, unknown>) => Promise<string>
  timeoutMs: number
  /** Where a delivery that could not even record its result is reported. */
  onError: (error: unknown, event: IrohEvent) => void
}

export class WebhookDelivery {
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
    await Promise.all(webhooks.map(async (webhook) => this.deliverTo(webhook, event)))
  }

  /** Calls one webhook with one event (an IROH event, or a CTIA event of the private intelligence) and records how it went. */
  async deliverTo(webhook: Webhook, event: IrohEvent | CtiaEvent): Promise<void> {
    await recordWebhookResult(this.ctx, webhook, event, await this.#call(webhook, event))
  }

  async #call(webhook: Webhook, event: IrohEvent | CtiaEvent) {
    const claims = await webhookTokenClaims(this.ctx, webhook)
    const authorization = claims ? `Bearer ${await this.options.sign(claims)}` : undefined
    return this.options.calls.post(webhook.url!, event, { timeoutMs: this.options.timeoutMs, ...(authorization ? { authorization } : {}) })
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending])
  }
}
