// IROH events over real HTTP: private-intel writes made through CTR become the org's events, which are read by id,
// searched on their fields and listed per incident; and feedback is kept and read back.
import { test } from 'tap'
import { T0, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'

test('incident and note writes through /iroh/private-intel are events of the org, listed per incident', async (t) => {
  const n = await buildNeighbourhood(t, {}, { intel: true })
  const org = await orgWithToken(n.app)
  const call = async (method: string, url: string, payload?: unknown, headers = org.auth) => {
    const res = await n.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
    return { status: res.statusCode, body: res.body ? res.json() : undefined }
  }
  const incident = (await call('POST', '/iroh/private-intel/incident', {
    status: 'New', confidence: 'High', incident_time: { opened: '2026-03-01T00:00:00.000Z' }, title: 'Phishing wave',
  })).body
  const key = incident.id.slice(incident.id.lastIndexOf('/') + 1)
  await call('PATCH', `/iroh/private-intel/incident/${key}`, { title: 'Phishing wave 2', description: 'Seen in finance' })
  await call('POST', `/iroh/private-intel/incident/${key}/status`, { status: 'Open' })
  await call('POST', `/iroh/private-intel/incident/${key}/status`, { status: 'Open' })
  const note = (await call('POST', '/iroh/private-intel/note', { content: 'Seen before', note_class: 'default', related_entities: [{ entity_type: 'incident', entity_id: incident.id }] })).body
  await call('PATCH', '/iroh/private-intel/incident/incident-nope', { title: 'x' })

  const all = await call('GET', `/iroh/iroh-event/event/incident/${key}?sort_order=asc`)
  t.equal(all.status, 200)
  t.match(all.body.map((e: { data: unknown }) => e.data), [
    { event_type: 'private-intel/incident/created', incident_id: incident.id },
    {
      event_type: 'private-intel/incident/updated', incident_id: incident.id,
      updated_fields: [
        { field: 'description', action: 'added', value: { after: 'Seen in finance' } },
        { field: 'title', action: 'modified', value: { before: 'Phishing wave', after: 'Phishing wave 2' } },
      ],
    },
    { event_type: 'private-intel/incident/status-changed', incident_id: incident.id, status_from: 'New', status_to: 'Open' },
    { event_type: 'private-intel/note/created', note_id: note.id, note_class: 'default', related_entities: [{ entity_type: 'incident', entity_id: incident.id }] },
  ], 'created, changed, moved to Open once (the same status again is no change), noted; a failed write is no event')
  t.equal(all.body.length, 4)
  t.match(all.body[0], { issuer: 'IROH Event', created_at: T0.toISOString(), emiter: { org_id: org.orgId, client_id: org.clientId } })
  const notes = await call('GET', `/iroh/iroh-event/event/incident/${encodeURIComponent(incident.id)}?include=notes`)
  t.same(notes.body.map((e: { data: { event_type: string } }) => e.data.event_type), ['private-intel/note/created'], 'by its full id too; include picks the groups')

  const imported = await call('POST', '/iroh/private-intel/bundle/import', { type: 'bundle', source: 'ctrmock', incidents: [{ id: 'transient:i1', status: 'New', confidence: 'Low', incident_time: { opened: '2026-03-01T00:00:00.000Z' }, title: 'Imported' }] })
  const importedId = imported.body.results[0].id
  await call('DELETE', '/iroh/private-intel/bulk', { incidents: [importedId] })
  const search = (body: unknown, query = '') => call('POST', `/iroh/iroh-event/event/search${query}`, body)
  const lifecycle = await search({ incident_id: importedId }, '?sort_order=asc')
  t.same(lifecycle.body.data.map((e: { data: { event_type: string } }) => e.data.event_type), ['private-intel/incident/created', 'private-intel/incident/deleted'], 'bundle import and bulk delete are events too')
  const created = await search({ event_type: ['private-intel/incident/created', 'private-intel/note/created'] })
  t.equal(created.body.paging['total-hits'], 3, 'a list of values matches any of them')
  const page = await search({ 'emiter.org_id': org.orgId }, '?limit=2&offset=2')
  t.match(page.body.paging, { 'total-hits': 6, next: { limit: 2, offset: 4 }, previous: { limit: 2, offset: 0 } })
  t.equal(page.body.data.length, 2)
  t.same((await call('GET', `/iroh/iroh-event/event/${page.body.data[0].id}`)).body, page.body.data[0], 'an event by its id')

  for (const bad of [['or', 'not'], { event_type: { nested: true } }, { event_type: [] }]) {
    const res = await search(bad)
    t.match([res.status, res.body], [400, { error: 'invalid_request' }], `${JSON.stringify(bad)} is refused`)
  }
  const other = await orgWithToken(n.app)
  t.equal((await search({}, '').then(() => call('POST', '/iroh/iroh-event/event/search', {}, other.auth))).body.paging['total-hits'], 0, 'another org has none of them')
  t.match(await call('GET', `/iroh/iroh-event/event/${page.body.data[0].id}`, undefined, other.auth), { status: 404, body: { error: 'not_found' } })
  t.match(await call('GET', `/iroh/iroh-event/event/incident/${key}`, undefined, other.auth), { status: 404, body: { error_description: `Incident ${key} not found in private intelligence` } }, 'another org\'s incident is not found')
  t.match(await call('GET', '/iroh/iroh-event/event/incident/incident-nope'), { status: 404, body: { error: 'not_found' } }, 'nor an unknown one')
})

test('feedback is kept with who sent it and read back by id, in its org only', async (t) => {
  const n = await buildNeighbourhood(t)
  const org = await orgWithToken(n.app, { name: 'Acme' })
  const post = (payload: unknown, headers = org.auth) => n.app.inject({ method: 'POST', url: '/iroh/iroh-feedback/feedback', headers, payload: payload as object })
  const sent = await post({ bug: true, contact_allowed: true, text: 'The ESA module times out', experience: 2, user_email: 'soc@acme.test', source: 'threat-response' })
  t.equal(sent.statusCode, 200)
  t.match(sent.json(), {
    bug: true, contact_allowed: true, text: 'The ESA module times out', experience: 2, user_email: 'soc@acme.test', source: 'threat-response',
    org_id: org.orgId, org_name: 'Acme', client_id: org.clientId, user_role: String, user_idp: 'ctrmock', created_at: T0.toISOString(),
  })
  const read = await n.app.inject({ method: 'GET', url: `/iroh/iroh-feedback/feedback/${sent.json().id}`, headers: org.auth })
  t.same(read.json(), sent.json())
  const other = await orgWithToken(n.app)
  t.equal((await n.app.inject({ method: 'GET', url: `/iroh/iroh-feedback/feedback/${sent.json().id}`, headers: other.auth })).statusCode, 404)
  for (const bad of [{ bug: true, contact_allowed: false }, { bug: true, contact_allowed: false, text: 'x', experience: 6 }, { bug: 'yes', contact_allowed: false, text: 'x' }, { bug: true, contact_allowed: false, text: 'x', source: ' ' }]) {
    const res = await post(bad)
    t.match([res.statusCode, res.json()], [400, { error: 'invalid_request' }], JSON.stringify(bad))
  }
  const narrow = await orgWithToken(n.app, { scopes: ['enrich'] })
  t.match((await post({ bug: false, contact_allowed: false, text: 'x' }, narrow.auth)).json(), { error: 'missing_scope', 'missing-scopes': ['feedback:write'] })
})
