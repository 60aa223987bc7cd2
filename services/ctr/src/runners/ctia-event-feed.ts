// Feeds "ctia-events" webhooks: while an org has one, its private intelligence's event log is read every pollMs, from
// where the last read stopped, and each event goes to the org's webhooks that take it. The cursor is stored, so a
// restart resumes where it stopped.
import type { Webhook } from '@ctrmock/types'
import type { CtrContext } from '../domain/context.ts'
import { ctiaEventCursor, ctiaWebhooksByOrg, saveCtiaEventCursor, webhookTakesCtiaEvent, type CtiaEvent } from '../domain/webhooks.ts'
import type { IntelClient } from '../clients/intel.ts'
import type { WebhookDelivery } from './webhook-delivery.ts'
import type { ErrorLog } from '../wiring.ts'

// Events read per org and round; the rest come in the next rounds.
const PAGE = 100

export interface CtiaEventFeedOptions {
  intel: IntelClient
  delivery: WebhookDelivery
  pollMs: number
  timeoutMs: number
  log: ErrorLog
}

export class CtiaEventFeed {
  #timer: NodeJS.Timeout | undefined
  #round: Promise<void> | undefined
  #stopped = false

  constructor(private readonly ctx: CtrContext, private readonly options: CtiaEventFeedOptions) {}

  start(): void {
    this.#schedule()
  }

  #schedule(): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#round = this.#readAll()
        .catch((error: unknown) => this.options.log.error({ err: error }, 'reading CTIA events for webhooks failed'))
        .finally(() => this.#schedule())
    }, this.options.pollMs)
    this.#timer.unref()
  }

  async #readAll(): Promise<void> {
    for (const [orgId, webhooks] of await ctiaWebhooksByOrg(this.ctx)) {
      // One org's failure (its intel unreachable, its token refused) leaves the others' rounds alone.
      await this.#readOrg(orgId, webhooks).catch((error: unknown) => this.options.log.error({ err: error, orgId }, 'reading CTIA events for webhooks failed'))
    }
  }

  async #readOrg(orgId: string, webhooks: Webhook[]): Promise<void> {
    const after = await ctiaEventCursor(this.ctx, orgId, webhooks)
    const page = await this.options.intel.eventsAfter(orgId, after, PAGE, this.options.timeoutMs)
    for (const event of page.events as unknown as CtiaEvent[]) {
      await Promise.all(webhooks.filter((w) => webhookTakesCtiaEvent(w, event)).map((w) => this.options.delivery.deliverTo(w, event)))
    }
    if (page.events.length > 0) await saveCtiaEventCursor(this.ctx, orgId, page.after)
  }

  /** Stops reading; resolves once a round under way has finished. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#round
  }
}
