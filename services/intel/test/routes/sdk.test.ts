// Drives the intel service over real HTTP the way Cisco's threatresponse SDK (`tr.private_intel.*`) calls it:
// its paths (each part percent-encoded, ids as whole URLs), query parameters (lists repeated) and JSON bodies.
import t from 'tap'
import { buildTestApp, judgement, newOrg, sighting, T0 } from '../helper.ts'

/** The SDK's urls.join: every part quoted with no safe characters. */
const join = (base: string, ...parts: string[]) => `${base.replace(/\/+$/, '')}/${parts.map((p) => encodeURIComponent(p.replace(/^\/+|\/+$/g, ''))).join('/')}`

function sdk(base: string, token: string) {
  const call = async (method: string, path: string, options: { json?: unknown; params?: Record<string, string | string[]> } = {}) => {
    const query = new URLSearchParams()
    for (const [name, value] of Object.entries(options.params ?? {})) for (const v of [value].flat()) query.append(name, v)
    const res = await fetch(`${base}${path}${query.size ? `?${query}` : ''}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(options.json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
  }
  const entity = (url: string) => ({
    post: (payload: unknown) => call('POST', url, { json: payload }),
    get: (id: string) => call('GET', join(url, id)),
    put: (id: string, payload: unknown) => call('PUT', join(url, id), { json: payload }),
    patch: (id: string, payload: unknown) => call('PATCH', join(url, id), { json: payload }),
    delete: (id: string) => call('DELETE', join(url, id)),
    external_id: (id: string) => call('GET', join(url, 'external_id', id)),
    search: { get: (params: Record<string, string>) => call('GET', join(url, 'search'), { params }), count: (params: Record<string, string>) => call('GET', join(url, 'search', 'count'), { params }) },
  })
  return {
    judgement: { ...entity('/ctia/judgement'), judgements: (type: string, value: string) => call('GET', join('/ctia', type, value, 'judgements')) },
    sighting: { ...entity('/ctia/sighting'), sightings: (type: string, value: string) => call('GET', join('/ctia', type, value, 'sightings')) },
    indicator: {
      ...entity('/ctia/indicator'),
      judgements_indicators: (type: string, value: string) => call('GET', `/ctia/${encodeURIComponent(type)}/${encodeURIComponent(value)}/judgements/indicators`),
      sightings_indicators: (type: string, value: string) => call('GET', `/ctia/${encodeURIComponent(type)}/${encodeURIComponent(value)}/sightings/indicators`),
    },
    relationship: entity('/ctia/relationship'),
    casebook: {
      ...entity('/ctia/casebook'),
      observables: (id: string, payload: unknown) => call('POST', `/ctia/casebook/${id}/observables`, { json: payload }),
      texts: (id: string, payload: unknown) => call('POST', `/ctia/casebook/${id}/texts`, { json: payload }),
      bundle: (id: string, payload: unknown) => call('POST', `/ctia/casebook/${id}/bundle`, { json: payload }),
    },
    incident: {
      ...entity('/ctia/incident'),
      status: (id: string, payload: unknown) => call('POST', `/ctia/incident/${id}/status`, { json: payload }),
      link: (id: string, payload: unknown) => call('POST', `/ctia/incident/${id}/link`, { json: payload }),
      sightings_incidents: (type: string, value: string) => call('GET', `/ctia/${type}/${value}/sightings/incidents`),
    },
    bundle: {
      export_get: (params: Record<string, string | string[]>) => call('GET', '/ctia/bundle/export', { params }),
      export_post: (payload: unknown, params: Record<string, string> = {}) => call('POST', '/ctia/bundle/export', { json: payload, params }),
      import_post: (payload: unknown, params: Record<string, string> = {}) => call('POST', '/ctia/bundle/import', { json: payload, params }),
    },
    verdict: (type: string, value: string) => call('GET', `/ctia/${encodeURIComponent(type)}/${encodeURIComponent(value)}/verdict`),
    status: () => call('GET', '/ctia/status'),
    version: () => call('GET', '/ctia/version'),
  }
}

t.test('the SDK private_intel calls work end to end over HTTP', async (t) => {
  const intel = await buildTestApp(t)
  const base = await intel.app.listen({ port: 0, host: '127.0.0.1' })
  const org = newOrg()
  const api = sdk(base, intel.token(org))
  const url = 'http://evil.example/path?x=1'

  const j = await api.judgement.post(judgement({ observable: { type: 'url', value: url }, external_ids: ['ctia-sdk-1'] }))
  t.equal(j.status, 201)
  t.equal((await api.judgement.get(j.body.id)).body.id, j.body.id, 'get by the whole id, percent-encoded as the SDK sends it')
  t.equal((await api.judgement.external_id('ctia-sdk-1')).body[0].id, j.body.id)
  const search = await api.judgement.search.get({ query: 'observable.type:url', limit: '10' })
  t.equal(search.headers.get('x-total-hits'), '1')
  t.equal((await api.judgement.search.count({ query: 'disposition:2' })).body, 1)
  t.same((await api.judgement.judgements('url', url)).body.map((x: { id: string }) => x.id), [j.body.id], 'a URL observable survives the path')
  const verdict = await api.verdict('url', url)
  t.equal(verdict.body.disposition_name, 'Malicious')

  const s = await api.sighting.post(sighting({ observables: [{ type: 'url', value: url }] }))
  t.equal(s.status, 201)
  t.equal((await api.sighting.sightings('url', url)).body.length, 1)
  const indicator = await api.indicator.post({ producer: 'sdk', title: 'C2 URL', timestamp: T0 })
  const incident = await api.incident.post({ confidence: 'High', status: 'New', incident_time: { opened: T0 }, timestamp: T0 })
  for (const [source, target, type] of [[j.body.id, indicator.body.id, 'based-on'], [s.body.id, indicator.body.id, 'sighting-of'], [s.body.id, incident.body.id, 'member-of']]) {
    t.equal((await api.relationship.post({ source_ref: source, target_ref: target, relationship_type: type, timestamp: T0 })).status, 201)
  }
  t.same((await api.indicator.judgements_indicators('url', url)).body, [indicator.body.id])
  t.same((await api.indicator.sightings_indicators('url', url)).body, [indicator.body.id])
  t.same((await api.incident.sightings_incidents('url', encodeURIComponent(url))).body, [incident.body.id])
  const incidentId = String(incident.body.id).split('/').pop()!
  t.equal((await api.incident.status(incidentId, { status: 'Open' })).body.incident_time.opened, T0)
  t.equal((await api.incident.patch(incident.body.id, { title: 'SDK incident' })).body.title, 'SDK incident')

  const casebook = await api.casebook.post({ title: 'SDK casebook', timestamp: T0 })
  const casebookId = String(casebook.body.id).split('/').pop()!
  t.same((await api.casebook.observables(casebookId, { operation: 'add', observables: [{ type: 'url', value: url }] })).body.observables, [{ type: 'url', value: url }])
  t.same((await api.casebook.texts(casebookId, { operation: 'add', texts: [{ type: 'text', text: 'hi' }] })).body.texts, [{ type: 'text', text: 'hi' }])
  t.equal((await api.incident.link(incidentId, { casebook_id: casebook.body.id })).status, 201)

  const exported = await api.bundle.export_get({ ids: [s.body.id] })
  t.ok(exported.body.relationships.length >= 2)
  t.equal((await api.bundle.export_post({ ids: [j.body.id] })).body.judgements[0].id, j.body.id)
  const imported = await api.bundle.import_post({ type: 'bundle', source: 'sdk', judgements: [{ ...judgement(), id: 'transient:x' }] })
  t.equal(imported.body.results[0].result, 'created')
  t.equal((await api.judgement.delete(j.body.id)).status, 204)
  t.equal((await api.judgement.get(j.body.id)).status, 404)
  t.equal((await api.status()).body.status, 'ok')
  t.equal((await api.version()).body['ctim-version'], '1.3.30')
})
