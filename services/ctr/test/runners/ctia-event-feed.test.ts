// The "ctia-events" feed without HTTP or Postgres: it reads each org's event log on from its cursor, hands each event
// to the webhooks that take it, keeps the cursor, and one org's failure leaves the others alone.
import { test } from 'tap'
import { until } from '@ctrmock/kit/testing'
import type { NewWebhookParams, Webhook } from '@ctrmock/types'
import { createWebhook, ctiaEventCursor, type CtiaEvent } from '../../src/domain/webhooks.ts'
import { CtiaEventFeed } from '../../src/runners/ctia-event-feed.ts'
import type { IntelClient } from '../../src/clients/intel.ts'
import type { WebhookDelivery } from '../../src/runners/webhook-delivery.ts'
import { memoryContext } from '../support/memory-context.ts'

const sightings: NewWebhookParams = {
  name: 'Sightings', webhook_type: 'url', source: 'ctia-events', visibility: 'org', url: 'http://relay.example/hook',
  event_type_filter: ['record-created'], record_type_filter: ['sighting'],
}
const event = (id: string, type: string, at: string): CtiaEvent => ({ id, event_type: 'record-created', timestamp: at, entity: { id: `${type}-${id}`, type } })

test('each event once, to the webhooks that take it, read on from where the last round stopped', async (t) => {
  const { ctx, memory } = memoryContext()
  memory.orgs.set('org-b', { ...memory.orgs.get('org-a')!, id: 'org-b' })
  const webhook = await createWebhook(ctx, { orgId: 'org-a', userId: 'user-a', clientId: 'c' }, sightings)
  await createWebhook(ctx, { orgId: 'org-b', userId: 'user-b', clientId: 'c' }, sightings)
  const log: Array<{ orgId: string, after: unknown[] }> = []
  const pending = [event('1', 'sighting', '2026-03-02T10:00:01.000Z'), event('2', 'judgement', '2026-03-02T10:00:02.000Z')]
  const intel = {
    async eventsAfter(orgId: string, after: unknown[]) {
      log.push({ orgId, after })
      if (orgId === 'org-b') throw new Error('org-b\'s token is refused')
      const events = pending.splice(0)
      return { events, after: events.length > 0 ? [Date.parse(events.at(-1)!.timestamp), events.at(-1)!.id] : after }
    },
  } as unknown as IntelClient
  const delivered: Array<[Webhook, CtiaEvent]> = []
  const delivery = { async deliverTo(w: Webhook, e: CtiaEvent) { delivered.push([w, e]) } } as unknown as WebhookDelivery
  const errors: unknown[] = []
  const feed = new CtiaEventFeed(ctx, { intel, delivery, pollMs: 10, timeoutMs: 1000, log: { error: (details) => errors.push(details) } })
  feed.start()
  t.teardown(() => feed.stop())

  await until(() => log.filter((l) => l.orgId === 'org-a').length >= 2, { what: 'two rounds' })
  t.same(delivered.map(([w, e]) => [w.id, e.id]), [[webhook.id, '1']], 'the sighting, once; not the judgement')
  const reads = log.filter((l) => l.orgId === 'org-a')
  t.same(reads[0]!.after, [Date.parse(webhook.created_at) - 1], 'the first round reads from the webhook\'s making')
  t.same(reads[1]!.after, [Date.parse('2026-03-02T10:00:02.000Z'), '2'], 'the next from the last event read')
  t.same(await ctiaEventCursor(ctx, 'org-a', [webhook]), [Date.parse('2026-03-02T10:00:02.000Z'), '2'], 'the cursor is kept')
  t.match(errors[0], { orgId: 'org-b' }, 'org-b\'s failure is logged, and org-a was read all the same')
})
