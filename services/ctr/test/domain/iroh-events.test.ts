// IROH events, webhooks and feedback as use cases, without HTTP or Postgres: what is recorded, how it is searched,
// which webhooks take an event, what a delivery leaves.
import { test } from 'tap'
import type { IrohEvent, NewWebhookParams } from '@ctrmock/types'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { createFeedback, getFeedback } from '../../src/domain/feedback.ts'
import { eventFilter, incidentEvents, recordEvent, searchEvents } from '../../src/domain/iroh-events.ts'
import { deleteModuleInstance, draftInstanceChange, draftNewInstance, saveModuleInstance } from '../../src/domain/module-instances.ts'
import { privateIntelEvents } from '../../src/domain/private-intel-events.ts'
import {
  changeWebhook, createWebhook, ctiaEventCursor, ctiaWebhooksByOrg, getWebhook, listWebhookResults, listWebhooks, recordWebhookResult,
  claimCtiaEvents, webhookTakes, webhookTakesCtiaEvent, webhookTokenClaims,
} from '../../src/domain/webhooks.ts'
import { memoryContext } from '../support/memory-context.ts'

const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
const caller = { orgId: 'org-a', userId: 'user-a', clientId: 'client-a' }
const colleague = { ...caller, userId: 'user-b' }
const INCIDENT = 'https://intel.example/ctia/incident/incident-1'

test('module instances created, changed and deleted are events, each handed on as it is recorded', async (t) => {
  const { ctx } = memoryContext()
  const published: IrohEvent[] = []
  ctx.published = (event) => published.push(event)
  const made = await saveModuleInstance(ctx, await draftNewInstance(ctx, caller, { module_type_id: INTEL, name: 'Intel', visibility: 'org' }))
  await saveModuleInstance(ctx, await draftInstanceChange(ctx, colleague, made.id, { enabled: false }))
  await saveModuleInstance(ctx, await draftInstanceChange(ctx, colleague, made.id, { name: 'Renamed' }))
  await deleteModuleInstance(ctx, caller, made.id)
  t.same(published.map((e) => [e.data.event_type, e.emiter.user_id, (e.data as Record<string, unknown>)['state_changed?']]), [
    ['module-instance/created', 'user-a', undefined],
    ['module-instance/updated', 'user-b', true],
    ['module-instance/updated', 'user-b', false],
    ['module-instance/deleted', 'user-a', undefined],
  ], 'who did what, and whether it turned the instance on or off')
  t.match(published[0], { issuer: 'IROH Event', emiter: { org_id: 'org-a', client_id: 'client-a' }, data: { module_instance_id: made.id, module_type_id: INTEL, module_instance_visibility: 'org' } })
  const newest = await searchEvents(ctx, 'org-a', {}, {})
  t.same(newest.data.map((e) => e.id), published.map((e) => e.id).reverse(), 'stored; newest first by default')
})

test('a search names event fields and the values they must hold; paging says where the rest is', async (t) => {
  const { ctx } = memoryContext()
  for (const [by, type] of [[caller, 'module-instance/created'], [colleague, 'module-instance/deleted'], [caller, 'private-intel/incident/created']] as const) {
    await recordEvent(ctx, by, { event_type: type, incident_id: INCIDENT })
  }
  const types = async (search: unknown, paging = {}) => (await searchEvents(ctx, 'org-a', search, { sort_order: 'asc', ...paging })).data.map((e) => e.data.event_type)
  t.same(await types({ event_type: 'module-instance/deleted' }), ['module-instance/deleted'], 'a bare name is a field of the data')
  t.same(await types({ 'emiter.user_id': 'user-a' }), ['module-instance/created', 'private-intel/incident/created'], 'a dotted path reaches the rest')
  t.same(await types({ event_type: ['module-instance/created', 'module-instance/deleted'] }), ['module-instance/created', 'module-instance/deleted'])
  t.same(await types({ 'data.incident_id': INCIDENT, event_type: 'module-instance/created' }), ['module-instance/created'], 'every field must hold')
  const page = await searchEvents(ctx, 'org-a', {}, { limit: 1, offset: 1 })
  t.same(page.paging, { 'total-hits': 3, next: { limit: 1, offset: 2 }, previous: { limit: 1, offset: 0 } })
  t.same((await searchEvents(ctx, 'org-b', {}, {})).paging, { 'total-hits': 0 }, 'each org its own')
  for (const bad of [null, [], 'x', { a: {} }, { a: [] }, { '': 'x' }]) t.throws(() => eventFilter(bad), { code: 'invalid_request' }, JSON.stringify(bad))
})

test('an incident\'s events: its changes, its notes and its workflows, by its id or short id', async (t) => {
  const { ctx } = memoryContext()
  await recordEvent(ctx, caller, { event_type: 'private-intel/incident/created', incident_id: INCIDENT })
  await recordEvent(ctx, caller, { event_type: 'private-intel/note/created', note_id: 'n1', note_class: 'default', related_entities: [{ entity_type: 'incident', entity_id: INCIDENT }] })
  await recordEvent(ctx, caller, { event_type: 'auto/workflow/started', incident_id: INCIDENT })
  await recordEvent(ctx, caller, { event_type: 'private-intel/incident/created', incident_id: 'https://intel.example/ctia/incident/incident-2' })
  const types = async (id: string, include: Parameters<typeof incidentEvents>[3] = []) =>
    (await incidentEvents(ctx, 'org-a', id, include, { sort_order: 'asc' })).map((e) => e.data.event_type)
  t.same(await types('incident-1'), ['private-intel/incident/created', 'private-intel/note/created', 'auto/workflow/started'])
  t.same(await types(INCIDENT, ['notes', 'response_actions']), ['private-intel/note/created', 'auto/workflow/started'])
})

test('the events of private-intel writes, from what CTIA answered', async (t) => {
  const before = { id: INCIDENT, status: 'New', title: 'A', timestamp: '1', tactics: ['TA0001'] }
  const after = { id: INCIDENT, status: 'New', title: 'B', timestamp: '2', description: 'D' }
  t.same(privateIntelEvents('incident-updated', after, before), [{
    event_type: 'private-intel/incident/updated', incident_id: INCIDENT, updated_fields: [
      { field: 'description', action: 'added', value: { after: 'D' } },
      { field: 'tactics', action: 'deleted', value: { before: ['TA0001'] } },
      { field: 'title', action: 'modified', value: { before: 'A', after: 'B' } },
    ],
  }], 'each changed field once; timestamps are not changes')
  t.same(privateIntelEvents('incident-updated', before, before), [], 'no change, no event')
  t.same(privateIntelEvents('incident-status', { ...before, status: 'Open', external_ids: ['x'] }, before), [
    { event_type: 'private-intel/incident/status-changed', incident_id: INCIDENT, status_from: 'New', status_to: 'Open', external_ids: ['x'] },
  ])
  t.same(privateIntelEvents('incident-status', before, before), [], 'the same status again is no change')
  t.same(privateIntelEvents('note-created', { id: 'n1' }), [{ event_type: 'private-intel/note/created', note_id: 'n1', note_class: 'default', related_entities: [] }])
  t.same(privateIntelEvents('bundle-import', { results: [{ id: 'i1', type: 'incident', result: 'created' }, { id: 's1', type: 'sighting', result: 'created' }, { id: 'i2', type: 'incident', result: 'error' }] }),
    [{ event_type: 'private-intel/incident/created', incident_id: 'i1' }])
  t.same(privateIntelEvents('bulk-delete', { incidents: { deleted: ['i1'] }, notes: { deleted: ['n1'] } }), [{ event_type: 'private-intel/incident/deleted', incident_id: 'i1' }])
  t.same(privateIntelEvents('incident-created', 'not an entity'), [], 'an answer without an id gives nothing')
})

const hook: NewWebhookParams = { name: 'SOAR', webhook_type: 'url', source: 'iroh-events', visibility: 'org', url: 'http://relay.example/hook', event_type_filter: ['module-instance/created'] }

test('which webhooks take an event, and who sees a webhook', async (t) => {
  const { ctx } = memoryContext()
  const org = await createWebhook(ctx, caller, { ...hook, event_filter_map: { module_type_id: INTEL } })
  const mine = await createWebhook(ctx, caller, { ...hook, visibility: 'user', name: 'Mine' })
  const event = await recordEvent(ctx, caller, { event_type: 'module-instance/created', module_type_id: INTEL })
  t.equal(webhookTakes(org, event), true)
  t.equal(webhookTakes(org, { ...event, data: { ...event.data, module_type_id: 'other' } as IrohEvent['data'] }), false, 'the filter map must hold')
  t.equal(webhookTakes(org, { ...event, data: { event_type: 'module-instance/deleted' } }), false, 'its event types only')
  t.equal(webhookTakes({ ...org, enabled: false }, event), false, 'not when disabled')
  t.same((await listWebhooks(ctx, colleague, {})).map((w) => w.name), ['SOAR'], 'a user webhook is its user\'s alone')
  await t.rejects(getWebhook(ctx, colleague, mine.id), { code: 'not_found' })
  t.same((await changeWebhook(ctx, caller, mine.id, { enabled: null, name: 'Mine 2' })), { ...mine, name: 'Mine 2', enabled: true }, 'null enabled is the default')
  await t.rejects(createWebhook(ctx, caller, { ...hook, url: 'http://10.0.0.1/x' }), { code: 'invalid_request', message: /RELAY_URL_ALLOWLIST/ })
  t.equal(await webhookTokenClaims(ctx, org), undefined, 'no auth, no token')
  const claims = await webhookTokenClaims(ctx, { ...org, auth: { type: 'iroh-jwt', conf: { client_id: 'client-z' } } })
  t.match(claims, { sub: 'user-a', email: 'admin@acme.test', 'https://schemas.cisco.com/iroh/identity/claims/oauth/client/id': 'client-z' })
})

test('a delivery leaves a result: success, an HTTP failure, or no answer at all', async (t) => {
  const { ctx } = memoryContext()
  const webhook = await createWebhook(ctx, caller, { ...hook, auth: { type: 'iroh-jwt', conf: { client_id: 'c' } } })
  const event = await recordEvent(ctx, caller, { event_type: 'module-instance/created', module_instance_id: 'mi-1' })
  const ok = await recordWebhookResult(ctx, webhook, event, { status: 204 })
  t.match(ok, { webhook_id: webhook.id, event_id: event.id, entity_id: 'mi-1', url: hook.url, auth_type: 'iroh-jwt', visibility: 'org', result: 'success', errors: [] })
  const refused = await recordWebhookResult(ctx, webhook, event, { status: 404 })
  t.same(refused.errors, [{ type: 'error', code: 'http-404', message: 'The webhook URL answered HTTP 404' }])
  const slow = await recordWebhookResult(ctx, webhook, event, { failed: 'timeout', message: 'slow' })
  t.same(slow.errors, [{ type: 'fatal', code: 'request timeout', message: 'slow' }])
  t.same((await listWebhookResults(ctx, caller, { query: 'http 404' })).map((r) => r.id), [refused.id], 'a query searches results and errors')
  t.same(await listWebhookResults(ctx, caller, { org_id: 'org-b' }), [], 'another org\'s filter finds nothing')
})

test('feedback is kept with who sent it', async (t) => {
  const { ctx } = memoryContext()
  const sent = await createFeedback(ctx, caller, { bug: false, contact_allowed: false, text: 'Nice' })
  t.match(sent, { org_id: 'org-a', org_name: 'Acme', user_id: 'user-a', user_role: 'admin', user_idp: 'ctrmock', client_id: 'client-a', text: 'Nice' })
  t.same(await getFeedback(ctx, 'org-a', sent.id), sent)
  await t.rejects(getFeedback(ctx, 'org-b', sent.id), { code: 'not_found' })
})

test('a "ctia-events" webhook takes CTIA record events of its types, made after it, and reads on from a cursor', async (t) => {
  const { ctx } = memoryContext()
  await t.rejects(createWebhook(ctx, caller, { ...hook, source: 'ctia-events' }), { code: 'invalid_request', message: /takes record-created, record-updated, record-deleted, not module-instance\/created/ })
  const webhook = await createWebhook(ctx, caller, { ...hook, source: 'ctia-events', event_type_filter: ['record-created'], record_type_filter: ['sighting'], event_filter_map: { source: 'EDR' } as NewWebhookParams['event_filter_map'] })
  const event = { id: 'e1', event_type: 'record-created', timestamp: '2026-03-02T10:00:01.000Z', entity: { id: 's1', type: 'sighting', source: 'EDR' } }
  t.equal(webhookTakesCtiaEvent(webhook, event), true)
  t.equal(webhookTakesCtiaEvent(webhook, { ...event, event_type: 'record-updated' }), false, 'its event types only')
  t.equal(webhookTakesCtiaEvent(webhook, { ...event, entity: { ...event.entity, type: 'judgement' } }), false, 'its record types only')
  t.equal(webhookTakesCtiaEvent(webhook, { ...event, entity: { ...event.entity, source: 'other' } }), false, 'the filter map holds on the entity')
  t.equal(webhookTakesCtiaEvent(webhook, { ...event, timestamp: '2026-03-02T09:59:59.000Z' }), false, 'nothing from before the webhook was made')
  t.equal(webhookTakes(webhook, await recordEvent(ctx, caller, { event_type: 'record-created' })), false, 'IROH events are not for it')

  const byOrg = await ctiaWebhooksByOrg(ctx)
  t.same([...byOrg.keys()], ['org-a'])
  const start = await ctiaEventCursor(ctx, 'org-a', byOrg.get('org-a')!)
  t.same(start.after, [Date.parse(webhook.created_at) - 1], 'at first: just before the webhook')
  t.equal(await claimCtiaEvents(ctx, 'org-a', start, [1772445601000, 'e1']), true, 'the first claim of a page wins')
  t.equal(await claimCtiaEvents(ctx, 'org-a', start, [1772445601000, 'e1']), false, 'a replica that read the same page loses')
  const next = await ctiaEventCursor(ctx, 'org-a', byOrg.get('org-a')!)
  t.same(next.after, [1772445601000, 'e1'], 'then where the last read stopped')
  t.equal(await claimCtiaEvents(ctx, 'org-a', next, [1772445602000, 'e2']), true, 'and on from there')
  const off = await changeWebhook(ctx, caller, webhook.id, { enabled: false })
  t.same([...(await ctiaWebhooksByOrg(ctx)).keys()], ['org-a'], 'a disabled webhook\'s org is still read on, past it')
  t.equal(webhookTakesCtiaEvent(off, event), false, 'while it takes nothing')
})
