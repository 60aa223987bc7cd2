// CTR reads private intelligence over HTTP: what an org stores in the intel service of its region (judgements,
// sightings, indicators) answers CTR's enrich from the built-in Private Intelligence module, only in that region and
// only for that org; XDR's /iroh/private-intel incident routes reach the same service.
import t from 'tap'
import { until } from '@ctrmock/kit/testing'
import { runScenario, scenarioByName, type Tenant } from '@ctrmock/client'
import { startTestStack } from '../helpers/stack.ts'
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts'

type EnrichObserveResponse = Awaited<ReturnType<Tenant['ctr']['observe']>>
type Observable = Parameters<Tenant['ctr']['observe']>[0][number]

const MODULE = 'Private Intelligence'
type Docs = { count: number; docs: Array<Record<string, unknown>> }

function privateIntel(result: EnrichObserveResponse): Record<string, Docs> | undefined {
  return result.data?.find((d) => d.module === MODULE)?.data as Record<string, Docs> | undefined
}

async function postEntity(tenant: Tenant, type: string, body: Record<string, unknown>): Promise<{ id: string }> {
  return tenant.intelFor('AMERICAS').http.json('POST', `/ctia/${type}`, { body })
}

t.test('private intelligence in CTR investigations', async (t) => {
  const { cloud } = await startTestStack(t)
  await cloud.waitReady()
  const [a, b] = await Promise.all([cloud.createTenant(), cloud.createTenant()])
  const domain: Observable = { type: 'domain', value: 'phish.ctrmock.test' }
  const ip: Observable = { type: 'ip', value: '203.0.113.9' }

  const judgement = await a.intelFor('AMERICAS').postJudgement({ observable: domain, disposition: 2, disposition_name: 'Malicious', reason: 'phishing kit' })
  const clean = await a.intelFor('AMERICAS').postJudgement({ observable: ip, disposition: 1, disposition_name: 'Clean', priority: 90 })
  const indicator = await postEntity(a, 'indicator', { producer: 'ctrmock test', title: 'Phishing domains' })
  await postEntity(a, 'relationship', { relationship_type: 'element-of', source_ref: judgement.id, target_ref: indicator.id })
  const sighting = await postEntity(a, 'sighting', {
    observed_time: { start_time: new Date().toISOString() }, count: 1, confidence: 'High', source: 'ctrmock test', observables: [domain],
  })

  await t.test('observe: the org\'s judgements, verdicts, sightings and indicators from Private Intelligence', async (t) => {
    const result = await a.ctr.observe([domain, ip])
    t.same(result.errors ?? [], [], 'no module errors')
    const data = privateIntel(result)
    t.ok(data, 'Private Intelligence takes part by default')
    t.same(data!.judgements!.docs.map((j) => j.id).sort(), [judgement.id, clean.id].sort(), 'both judgements')
    t.match(data!.verdicts!.docs, [
      { type: 'verdict', observable: domain, disposition: 2, disposition_name: 'Malicious', judgement_id: judgement.id },
      { type: 'verdict', observable: ip, disposition: 1, disposition_name: 'Clean', judgement_id: clean.id },
    ], 'a verdict per observable, by CTIM\'s rule')
    t.same(data!.sightings!.docs.map((s) => s.id), [sighting.id], 'the sighting of the domain')
    t.same(data!.indicators!.docs.map((i) => i.id), [indicator.id], 'the indicator the judgement is linked to')
  })

  await t.test('a sighting ref: CTR reads the sighting from the intel service and enriches its observables', async (t) => {
    const result = await a.ctr.http.json<EnrichObserveResponse>('POST', '/iroh/iroh-enrich/observe/sighting_ref', { body: sighting.id })
    t.match(privateIntel(result)?.verdicts?.docs, [{ observable: domain, disposition_name: 'Malicious' }], 'the verdict of the sighting\'s domain')
    const foreign = await b.ctr.http.request('POST', '/iroh/iroh-enrich/observe/sighting_ref', { body: sighting.id, accept: [404] })
    t.equal(foreign.status, 404, 'another org cannot name it')
  })

  await t.test('a judgement posted now appears in the next investigation of its observable', async (t) => {
    const fresh: Observable = { type: 'sha256', value: 'e'.repeat(64) }
    const before = privateIntel((await a.ctr.investigate(`hash ${fresh.value}`)).result)
    t.notOk(before?.judgements, 'nothing known yet')
    const posted = await a.intelFor('AMERICAS').postJudgement({ observable: fresh, disposition: 3, disposition_name: 'Suspicious' })
    const after = privateIntel((await a.ctr.investigate(`hash ${fresh.value}`)).result)
    t.same(after?.judgements?.docs.map((j) => j.id), [posted.id], 'the posted judgement')
    t.same(after?.verdicts?.docs.map((v) => v.disposition_name), ['Suspicious'], 'and its verdict')
  })

  await t.test('deliberate returns the verdicts only', async (t) => {
    const data = privateIntel(await a.ctr.deliberate([domain]))
    t.same(Object.keys(data ?? {}), ['verdicts'])
    t.equal(data!.verdicts!.docs[0]!.disposition_name, 'Malicious')
  })

  await t.test('refer links to the entity search in the intel service, which finds the judgement', async (t) => {
    const refer = await a.ctr.refer([domain])
    const link = refer.data?.find((r) => String(r.id).startsWith('ref-private-intel'))
    t.ok(link, 'a Private Intelligence refer link')
    const url = new URL(String(link!.url))
    t.equal(url.origin, new URL(cloud.urls.intel!).origin, 'on the paired intel service')
    const hits = await a.intelFor('AMERICAS').http.json<Array<{ id: string }>>('GET', url.pathname, { query: Object.fromEntries(url.searchParams) })
    t.same(hits.map((h) => h.id), [judgement.id], 'the search finds the judgement')
  })

  await t.test('another org and the other region see none of it', async (t) => {
    const other = await b.ctr.observe([domain, ip])
    t.same(other.errors ?? [], [], 'org B: no errors')
    t.same(privateIntel(other) ?? {}, {}, 'org B: nothing from Private Intelligence')
    const eu = await a.ctrEu.observe([domain, ip])
    t.same(eu.errors ?? [], [], 'EU: no errors')
    t.same(privateIntel(eu) ?? {}, {}, 'EU: the NAM judgements are absent')
  })

  await t.test('health: the default instance answers ok, by itself too', async (t) => {
    const all = await a.ctr.http.json<{ data: Array<{ module: string; module_instance_id: string; data: { status: string } }> }>('POST', '/iroh/iroh-enrich/health')
    const own = all.data.find((d) => d.module === MODULE)
    t.match(own, { data: { status: 'ok' } }, 'in the health of every module')
    const one = await a.ctr.http.json('POST', `/iroh/iroh-enrich/health/${own!.module_instance_id}`)
    t.match(one, { data: { module: MODULE, data: { status: 'ok' } }, errors: [] }, 'and asked alone')
  })

  await t.test('an org\'s own Private Intelligence instance takes the default\'s place: one per org', async (t) => {
    const type = await b.ctr.moduleTypeByTitle(MODULE)
    const disabled = await b.ctr.http.json<{ id: string }>('POST', '/iroh/iroh-int/module-instance', { body: { name: 'PI off', module_type_id: type.id, visibility: 'org', enabled: false } })
    t.notOk(privateIntel(await b.ctr.observe([domain])), 'disabled: no Private Intelligence in the investigation')
    const second = await b.ctr.http.request('POST', '/iroh/iroh-int/module-instance', { body: { name: 'PI 2', module_type_id: type.id, visibility: 'org' }, accept: [400, 403, 409] })
    t.not(second.status, 200, 'a second instance is refused')
    await b.ctr.http.json('DELETE', `/iroh/iroh-int/module-instance/${disabled.id}`)
    t.ok(privateIntel(await b.ctr.observe([domain])), 'deleted: the default is back')
  })

  await t.test('the intel service unreachable becomes the module\'s error, not a failed investigation', async (t) => {
    const rule = await cloud.plane('intel').addFault({ match: { path: '/ctia/**' }, action: { type: 'error', status: 503 } })
    t.teardown(() => cloud.plane('intel').deleteFault(rule.id))
    const result = await a.ctr.observe([domain])
    t.notOk(privateIntel(result)?.judgements, 'no judgements')
    t.match(result.errors, [{ module: MODULE, type: 'fatal' }], 'Private Intelligence reports its error')
  })

  await t.test('XDR incident routes on CTR are answered by the intel service', async (t) => {
    const created = await a.ctr.http.request<{ id: string; status: string }>('POST', '/iroh/private-intel/incident', {
      body: { status: 'New', confidence: 'High', incident_time: { opened: new Date().toISOString() }, title: 'Phishing wave' },
    })
    t.equal(created.status, 201)
    const id = created.body.id
    t.match(await a.intelFor('AMERICAS').http.json('GET', `/ctia/incident/${id.slice(id.lastIndexOf('/') + 1)}`), { id, title: 'Phishing wave' }, 'stored in private intelligence')
    const key = encodeURIComponent(id.slice(id.lastIndexOf('/') + 1))
    t.match(await a.ctr.http.json('GET', `/iroh/private-intel/incident/${key}`), { id, status: 'New' }, 'get')
    t.match(await a.ctr.http.json('PATCH', `/iroh/private-intel/incident/${key}`, { body: { title: 'Phishing wave 2' } }), { title: 'Phishing wave 2' }, 'patch')
    t.match(await a.ctr.http.json('POST', `/iroh/private-intel/incident/${key}/status`, { body: { status: 'Open' } }), { status: 'Open' }, 'status')
    const search = await a.ctr.http.request<Array<{ id: string }>>('GET', '/iroh/private-intel/incident/search', { query: { query: 'title:"Phishing wave 2"' } })
    t.same(search.body.map((i) => i.id), [id], 'search')
    t.equal(search.headers.get('x-total-hits'), '1', 'with CTIA\'s paging headers')
    t.equal((await b.ctr.http.request('GET', `/iroh/private-intel/incident/${key}`, { accept: [404] })).status, 404, 'org B cannot see it')
    const bad = await a.ctr.http.request<Record<string, unknown>>('POST', '/iroh/private-intel/incident', { body: { status: 'Whatever' }, accept: [400] })
    t.equal(bad.status, 400, 'bad input: 400')
    t.match(bad.body, { error: String, error_description: String, type: 'compojure.api.exception/request-validation', errors: Object }, 'in IROH\'s shape, with CTIA\'s field errors')
    const missing = await a.ctr.http.request<Record<string, unknown>>('GET', '/iroh/private-intel/incident/incident-00000000-0000-4000-8000-000000000000', { accept: [404] })
    t.match([missing.status, missing.body], [404, { error: String, error_description: String }], 'an unknown incident: 404 in IROH\'s shape')
    const unauthenticated = await fetch(`${cloud.urls.ctr}/iroh/private-intel/incident/search`)
    t.equal(unauthenticated.status, 401, 'CTR\'s own token check first')
  })

  await t.test('a webhook on CTR is called with the events of incident writes made through CTR', async (t) => {
    const receiver = await startWebhookReceiver<{ id: string, data: Record<string, unknown> }>(t)
    const webhook = await a.ctr.http.json<{ id: string }>('POST', '/iroh/iroh-webhook/webhook', {
      body: {
        name: 'SOAR', webhook_type: 'url', source: 'iroh-events', visibility: 'org', url: `${receiver.url}/hook`,
        event_type_filter: ['private-intel/incident/created', 'private-intel/incident/status-changed'], auth: { type: 'iroh-jwt', conf: { client_id: 'soar' } },
      },
    })
    const incident = await a.ctr.http.json<{ id: string }>('POST', '/iroh/private-intel/incident', {
      body: { status: 'New', confidence: 'High', incident_time: { opened: new Date().toISOString() }, title: 'Webhook wave' },
    })
    const key = incident.id.slice(incident.id.lastIndexOf('/') + 1)
    await a.ctr.http.json('POST', `/iroh/private-intel/incident/${key}/status`, { body: { status: 'Open' } })
    await until(() => receiver.calls.length === 2, { what: 'two webhook calls' })
    t.match(receiver.calls.map((c) => c.body.data), [
      { event_type: 'private-intel/incident/created', incident_id: incident.id },
      { event_type: 'private-intel/incident/status-changed', incident_id: incident.id, status_from: 'New', status_to: 'Open' },
    ], 'created, then moved to Open')
    t.ok(receiver.calls.every((c) => c.authorization?.startsWith('Bearer ')), 'signed with an IROH JWT')
    await until(async () => (await a.ctr.http.json<unknown[]>('GET', '/iroh/iroh-webhook/webhook-result', { query: { webhook_id: webhook.id } })).length === 2, { what: 'two results' })
    const events = await a.ctr.http.json<Array<{ id: string }>>('GET', `/iroh/iroh-event/event/incident/${key}`)
    t.same(events.map((e) => e.id).sort(), receiver.calls.map((c) => c.body.id).sort(), 'the same events, listed for the incident')
    t.equal((await b.ctr.http.request('GET', `/iroh/iroh-event/event/incident/${key}`, { accept: [404] })).status, 404, 'org B has no such incident')
  })

  await t.test('a "ctia-events" webhook on CTR is called with the intel service\'s record events it asks for', async (t) => {
    const receiver = await startWebhookReceiver<{ id: string, event_type: string, entity: { id: string, type: string } }>(t)
    const webhook = await a.ctr.http.json<{ id: string }>('POST', '/iroh/iroh-webhook/webhook', {
      body: {
        name: 'New sightings', webhook_type: 'url', source: 'ctia-events', visibility: 'org', url: `${receiver.url}/ctia`,
        event_type_filter: ['record-created'], record_type_filter: ['sighting'],
      },
    })
    await postEntity(b, 'sighting', { observed_time: { start_time: new Date().toISOString() }, count: 1, confidence: 'High', source: 'org B', observables: [domain] })
    await a.intelFor('AMERICAS').postJudgement({ observable: ip, disposition: 1, disposition_name: 'Clean' })
    const seen = await postEntity(a, 'sighting', { observed_time: { start_time: new Date().toISOString() }, count: 1, confidence: 'High', source: 'EDR', observables: [domain] })
    await until(() => receiver.calls.length > 0, { what: 'the webhook call' })
    t.equal(receiver.calls.length, 1, 'one call: the feed reads the log in order, so the judgement before it was passed over')
    t.match(receiver.calls.map((c) => c.body), [{ event_type: 'record-created', entity: { id: seen.id, type: 'sighting', source: 'EDR' } }], 'the org\'s new sighting, written straight to the intel service; not its judgement, nor org B\'s sighting')
    await until(async () => (await a.ctr.http.json<unknown[]>('GET', '/iroh/iroh-webhook/webhook-result', { query: { webhook_id: webhook.id } })).length === 1, { what: 'the result' })
    t.match(await a.ctr.http.json('GET', '/iroh/iroh-webhook/webhook-result', { query: { webhook_id: webhook.id } }), [{ event_id: receiver.calls[0]!.body.id, entity_id: seen.id, result: 'success' }])
  })

  await t.test('XDR bundle import, note and bulk delete on CTR reach the same private intelligence', async (t) => {
    const hash: Observable = { type: 'md5', value: 'a'.repeat(32) }
    const imported = await a.ctr.http.json<{ results: Array<{ id: string; result: string; original_id: string }> }>('POST', '/iroh/private-intel/bundle/import', {
      body: {
        type: 'bundle', source: 'ctrmock test',
        judgements: [{ id: 'transient:j1', type: 'judgement', observable: hash, disposition: 2, disposition_name: 'Malicious', source: 'ctrmock test', priority: 95, confidence: 'High', severity: 'High', valid_time: {} }],
      },
    })
    const made = imported.results.find((r) => r.original_id === 'transient:j1')
    t.match(made, { result: 'created' }, 'the judgement is created')
    t.same(privateIntel(await a.ctr.observe([hash]))?.judgements?.docs.map((j) => j.id), [made!.id], 'and the next investigation sees it')
    const note = await a.ctr.http.request<{ id: string }>('POST', '/iroh/private-intel/note', {
      body: { content: 'seen in the phishing wave', note_class: 'default', related_entities: [{ entity_type: 'judgement', entity_id: made!.id }] },
    })
    t.match([note.status, note.body.id], [200, /\/ctia\/note\/note-/], 'a note about it (200, as the XDR Swagger has it)')
    const deleted = await a.ctr.http.json<Record<string, unknown>>('DELETE', '/iroh/private-intel/bulk', { body: { judgements: [made!.id] } })
    t.match(deleted, { judgements: { deleted: [made!.id] } }, 'bulk delete')
    t.notOk(privateIntel(await a.ctr.observe([hash]))?.judgements, 'gone from investigations')
  })

  await t.test('the scenario "private intelligence in an investigation" passes', async (t) => {
    const result = await runScenario(cloud, scenarioByName('private-intel-investigation')!)
    const failed = result.steps.find((s) => !s.ok)
    t.ok(result.ok, failed ? `failed at "${failed.name}": ${failed.error}` : 'every step')
  })
})
