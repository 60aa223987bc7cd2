// Feeds "ctia-events" webhooks: while an org has one, its private intelligence's event log is read every pollMs, from
// where the last read stopped, and each event goes to the org's webhooks that take it. The cursor is stored, so a
// restart resumes where it stopped, and claimed before delivery, so replicas deliver each page once.
import type { Webhook } from '@ctrmock/types'
import type { CtrContext } from '../domain/context.ts'
import { claimCtiaEvents, ctiaEventCursor, ctiaWebhooksByOrg, webhookTakesCtiaEvent, type CtiaEvent } from '../domain/webhooks.ts'
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
    const cursor = await ctiaEventCursor(this.ctx, orgId, webhooks)
    const page = await this.options.intel.eventsAfter(orgId, cursor.after, PAGE, this.options.timeoutMs)
    // Claimed before delivery: of several CTR replicas reading the same page, one delivers it.
    if (page.events.length === 0 || !(await claimCtiaEvents(this.ctx, orgId, cursor, page.after))) return
    for (const event of page.events as unknown as CtiaEvent[]) {
      await Promise.all(webhooks.filter((w) => webhookTakesCtiaEvent(w, event)).map((w) => this.options.delivery.deliverTo(w, event)))
    }
  }

  /** Stops reading; resolves once a round under way has finished. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#round
  }
}
