// The "ctia-events" feed without HTTP or Postgres: it reads each org's event log on from its cursor, hands each event
// to the webhooks that take it, keeps the cursor, and one org's failure leaves the others alone.
import { test } from 'tap'
import { until } from '@ctrmock/kit/testing'
import type { NewWebhookParams, Webhook } from '@ctrmock/types'
import { changeWebhook, createWebhook, ctiaEventCursor, type CtiaEvent } from '../../src/domain/webhooks.ts'
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
  t.same((await ctiaEventCursor(ctx, 'org-a', [webhook])).after, [Date.parse('2026-03-02T10:00:02.000Z'), '2'], 'the cursor is kept')
  t.match(errors[0], { orgId: 'org-b' }, 'org-b\'s failure is logged, and org-a was read all the same')
})

test('two replicas reading the same page deliver it once', async (t) => {
  const { ctx } = memoryContext()
  await createWebhook(ctx, { orgId: 'org-a', userId: 'user-a', clientId: 'c' }, sightings)
  const page = [event('1', 'sighting', '2026-03-02T10:00:01.000Z')]
  let reads = 0
  // Both replicas read before either claims: the slower read answers after the faster replica claimed the page.
  let release: () => void = () => {}
  const bothRead = new Promise<void>((resolve) => { release = resolve })
  const at = Date.parse(page[0]!.timestamp)
  const intel = {
    async eventsAfter(_orgId: string, after: unknown[]) {
      if (++reads === 2) release()
      await bothRead
      return Number(after[0]) < at ? { events: page, after: [at, page[0]!.id] } : { events: [], after }
    },
  } as unknown as IntelClient
  const delivered: string[] = []
  const delivery = { async deliverTo(_w: Webhook, e: CtiaEvent) { delivered.push(e.id) } } as unknown as WebhookDelivery
  const options = { intel, delivery, pollMs: 10, timeoutMs: 1000, log: { error: () => {} } }
  const replicas = [new CtiaEventFeed(ctx, options), new CtiaEventFeed(ctx, options)]
  for (const feed of replicas) feed.start()
  t.teardown(() => Promise.all(replicas.map((feed) => feed.stop())))
  await until(() => reads >= 2 && delivered.length > 0, { what: 'a delivery' })
  await Promise.all(replicas.map((feed) => feed.stop()))
  t.same(delivered, ['1'], 'one replica delivered the page, the other found it claimed')
})

test('a webhook turned off lets its org\'s events pass; turned on again, it gets the new ones only', async (t) => {
  const { ctx } = memoryContext()
  const caller = { orgId: 'org-a', userId: 'user-a', clientId: 'c' }
  const webhook = await createWebhook(ctx, caller, { ...sightings, enabled: false })
  const log: CtiaEvent[] = []
  const intel = {
    async eventsAfter(_orgId: string, after: unknown[]) {
      const events = log.filter((e) => Date.parse(e.timestamp) > Number(after[0]))
      return { events, after: events.length > 0 ? [Date.parse(events.at(-1)!.timestamp), events.at(-1)!.id] : after }
    },
  } as unknown as IntelClient
  const delivered: string[] = []
  const delivery = { async deliverTo(_w: Webhook, e: CtiaEvent) { delivered.push(e.id) } } as unknown as WebhookDelivery
  const feed = new CtiaEventFeed(ctx, { intel, delivery, pollMs: 10, timeoutMs: 1000, log: { error: () => {} } })
  feed.start()
  t.teardown(() => feed.stop())

  log.push(event('1', 'sighting', '2026-03-02T10:00:01.000Z'))
  await until(async () => (await ctiaEventCursor(ctx, 'org-a', [webhook])).after[1] === '1', { what: 'the log read past the first event' })
  await changeWebhook(ctx, caller, webhook.id, { enabled: true })
  log.push(event('2', 'sighting', '2026-03-02T10:00:02.000Z'))
  await until(() => delivered.length > 0, { what: 'a delivery' })
  t.same(delivered, ['2'], 'not the event from while it was off')
})
