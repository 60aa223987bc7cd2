// XDR's /iroh/private-intel MITRE, incident-summary and asset-property routes over real HTTP to a private intelligence,
// and the org's default Private Intelligence module instance in /iroh/iroh-int: shapes checked against Cisco's
// Swagger, bad input answered in IROH's error shape.
import t, { test } from 'tap'
import { validateResponse } from '@ctrmock/kit/contract'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { accessToken, createOrg, orgWithToken } from '../helper.ts'
import { buildNeighbourhood, type Neighbourhood } from '../support/neighbours.ts'

const SPEC = 'iroh-private-intel'
const PRIVATE_INTEL = builtinModuleTypeId('private-intel', 'NAM')

// One CTR and one private intelligence for the file; each test works in an org of its own.
let neighbourhood: Promise<Neighbourhood> | undefined

async function setup() {
  const n = await (neighbourhood ??= buildNeighbourhood(t, {}, { intel: true }))
  const intel = n.intel!
  const org = await orgWithToken(n.app)
  const call = async (method: string, url: string, payload?: unknown, headers = org.auth) => {
    const res = await n.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers }
  }
  return { app: n.app, intel, org, call }
}

const technique = (id: string, tactic: string, title: string) => ({
  title, short_description: title, description: `${title} (a technique)`,
  external_references: [{ source_name: 'mitre-attack', external_id: id, url: `https://attack.mitre.org/techniques/${id}/` }],
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: tactic }],
})

test('the default Private Intelligence module instance is listed, read and changed like a stored one', async (t) => {
  const { app, org, call } = await setup()
  const list = await call('GET', '/iroh/iroh-int/module-instance')
  t.equal(list.status, 200)
  t.same(validateResponse('iroh-int', 'GET', '/iroh/iroh-int/module-instance', 200, list.body), [], 'in the Swagger\'s ModuleInstance shape')
  const [instance] = list.body
  t.match(instance, { module_type_id: PRIVATE_INTEL, name: 'Private Intelligence', org_id: org.orgId, enabled: true, visibility: 'org', settings: {} })
  t.same((await call('GET', `/iroh/iroh-int/module-instance/${instance.id}`)).body, instance, 'get answers the same')
  t.same((await call('GET', `/iroh/iroh-int/module-instance?module_type_id=${PRIVATE_INTEL}&enabled=true`)).body.map((i: { id: string }) => i.id), [instance.id], 'filters apply to it')
  const removed = await call('DELETE', `/iroh/iroh-int/module-instance/${instance.id}`)
  t.match([removed.status, removed.body], [403, { error: 'forbidden', error_description: /cannot be deleted/ }], 'it cannot be deleted')
  const off = await call('PATCH', `/iroh/iroh-int/module-instance/${instance.id}`, { enabled: false })
  t.match([off.status, off.body], [200, { id: instance.id, enabled: false }], 'it can be turned off, keeping its id')
  t.same((await call('GET', '/iroh/iroh-int/module-instance')).body.map((i: { id: string; enabled: boolean }) => [i.id, i.enabled]), [[instance.id, false]], 'listed once')
  const other = await orgWithToken(app)
  t.not((await call('GET', '/iroh/iroh-int/module-instance', undefined, other.auth)).body[0]?.id, instance.id, 'each org its own')
})

test('MITRE tactics: the enterprise catalogue with the org\'s techniques', async (t) => {
  const { intel, org, call } = await setup()
  intel.add(org.orgId, 'attack-pattern', technique('T1566', 'initial-access', 'Phishing'))
  intel.add(org.orgId, 'attack-pattern', technique('T1059', 'execution', 'Command and Scripting Interpreter'))
  intel.add(org.orgId, 'attack-pattern', { title: 'Not MITRE', short_description: 'x', description: 'x' })
  const all = await call('GET', '/iroh/private-intel/mitre/tactic/search')
  t.equal(all.status, 200)
  t.same(validateResponse(SPEC, 'GET', '/iroh/private-intel/mitre/tactic/search', 200, all.body), [], 'TacticView[]')
  t.equal(all.body.length, 14, 'the 14 enterprise tactics')
  t.ok(all.body.every((v: { mitre: { external_id: string } }) => /^TA\d{4}$/.test(v.mitre.external_id)))
  const some = await call('GET', '/iroh/private-intel/mitre/tactic/search?ids=TA0001&ids=TA0002&ids=TA9999')
  t.same(some.body.map((v: { title: string; techniques: Array<{ mitre: { external_id: string } }> }) => [v.title, v.techniques.map((x) => x.mitre.external_id)]),
    [['Initial Access', ['T1566']], ['Execution', ['T1059']]], 'the ids asked for, each with its techniques')
  const one = await call('GET', '/iroh/private-intel/mitre/tactic/TA0001')
  t.same(validateResponse(SPEC, 'GET', '/iroh/private-intel/mitre/tactic/{mitre-id}', 200, one.body), [], 'TacticView')
  t.match(one.body, { type: 'attack-pattern', title: 'Initial Access', mitre: { source_name: 'mitre-attack', external_id: 'TA0001' }, techniques: [{ title: 'Phishing' }] })
  const missing = await call('GET', '/iroh/private-intel/mitre/tactic/TA9999')
  t.match([missing.status, missing.body], [404, { error: 'not_found', error_description: /TA9999/ }])
})

test('MITRE tactics need global-intel:read as well as private-intel:read', async (t) => {
  const { app, call } = await setup()
  const narrow = await createOrg(app, { scopes: ['private-intel'] })
  const refused = await call('GET', '/iroh/private-intel/mitre/tactic/search', undefined, { authorization: `Bearer ${await accessToken(app, narrow)}` })
  t.match([refused.status, refused.body], [403, { error: 'missing_scope', 'missing-scopes': ['global-intel:read'] }])
})

test('an incident\'s tactics and the incidents per technique', async (t) => {
  const { intel, org, call } = await setup()
  intel.add(org.orgId, 'attack-pattern', technique('T1566', 'initial-access', 'Phishing'))
  intel.add(org.orgId, 'attack-pattern', technique('T1078', 'initial-access', 'Valid Accounts'))
  intel.add(org.orgId, 'attack-pattern', technique('T1059', 'execution', 'Command and Scripting Interpreter'))
  const incident = intel.add(org.orgId, 'incident', { title: 'Phishing wave', status: 'New', tactics: ['TA0001', 'TA0002'], techniques: ['T1566', 'T1059'] })
  intel.add(org.orgId, 'incident', { title: 'Stolen login', status: 'New', tactics: ['TA0001'], techniques: ['T1566', 'T1078'] })
  const key = incident.id.slice(incident.id.lastIndexOf('/') + 1)
  const tactics = await call('GET', `/iroh/private-intel/incident/${key}/tactics`)
  t.same(validateResponse(SPEC, 'GET', '/iroh/private-intel/incident/{incident-id}/tactics', 200, tactics.body), [], 'TacticView[]')
  t.same(tactics.body.map((v: { title: string; techniques: Array<{ title: string }> }) => [v.title, v.techniques.map((x) => x.title)]),
    [['Initial Access', ['Phishing']], ['Execution', ['Command and Scripting Interpreter']]], 'only the incident\'s own techniques')
  const one = await call('GET', `/iroh/private-intel/incident/${encodeURIComponent(incident.id)}/tactic/TA0002`)
  t.match([one.status, one.body], [200, { title: 'Execution' }], 'by the incident\'s full id too')
  const absent = await call('GET', `/iroh/private-intel/incident/${key}/tactic/TA0040`)
  t.match([absent.status, absent.body], [404, { error: 'not_found', error_description: /not among the tactics/ }])
  const unknown = await call('GET', '/iroh/private-intel/incident/incident-00000000-0000-4000-8000-000000000000/tactics')
  t.match([unknown.status, unknown.body], [404, { error: 'not_found', error_description: String }])

  const counts = await call('GET', '/iroh/private-intel/mitre/technique/incidents')
  t.same(validateResponse(SPEC, 'GET', '/iroh/private-intel/mitre/technique/incidents', 200, counts.body), [])
  t.same(counts.body, { T1566: 2, T1059: 1, T1078: 1 })
  t.same((await call('GET', '/iroh/private-intel/mitre/technique/incidents?from=2999-01-01T00:00:00.000Z')).body, {}, 'none in a later window')
  const bad = await call('GET', '/iroh/private-intel/mitre/technique/incidents?from=yesterday')
  t.match([bad.status, bad.body], [400, { error: 'invalid_request', error_description: String }], 'CTIA\'s refusal in IROH\'s shape')
})

test('incident summaries: incidents with the entities related to them', async (t) => {
  const { intel, org, call } = await setup()
  const incident = intel.add(org.orgId, 'incident', { title: 'Phishing wave', status: 'New' })
  const quiet = intel.add(org.orgId, 'incident', { title: 'Quiet', status: 'Open' })
  const sighting = intel.add(org.orgId, 'sighting', { count: 1, confidence: 'High' })
  const asset = intel.add(org.orgId, 'asset', { asset_type: 'device', title: 'laptop-7' })
  const note = intel.add(org.orgId, 'note', { content: 'not context' })
  for (const source of [sighting, asset, note]) intel.add(org.orgId, 'relationship', { relationship_type: 'member-of', source_ref: source.id, target_ref: incident.id })
  const all = await call('GET', '/iroh/private-intel/incident-summary/search')
  t.equal(all.status, 200)
  t.same(validateResponse(SPEC, 'GET', '/iroh/private-intel/incident-summary/search', 200, all.body), [], 'IncidentSummarySearchResults[]')
  t.equal(all.headers['x-total-hits'], '2', 'CTIA\'s paging headers')
  const summary = all.body.find((s: { id: string }) => s.id === incident.id)
  t.same(summary.context, { sightings: [sighting], assets: [asset] }, 'related sightings and assets; notes are not context')
  t.same(all.body.find((s: { id: string }) => s.id === quiet.id).context, {}, 'nothing related')
  const narrowed = await call('GET', '/iroh/private-intel/incident-summary/search?status=New&fields=title&fields=context.assets')
  t.same(narrowed.body, [{ id: incident.id, title: 'Phishing wave', context: { assets: [asset] } }], 'filters and fields, context ones included')
})

test('asset properties: XDR\'s value and labels, by the asset\'s external id', async (t) => {
  const { intel, org, call } = await setup()
  const asset = intel.add(org.orgId, 'asset', { asset_type: 'device', title: 'laptop-7', external_ids: ['transient:MY-DI-ASSET'] })
  const other = intel.add(org.orgId, 'asset', { asset_type: 'device', title: 'server-1', external_ids: ['srv-1'] })
  const url = `/iroh/private-intel/asset/external_id/${encodeURIComponent('transient:MY-DI-ASSET')}/update-properties`
  const body = { rescore_incident_ids: ['https://private.intel.amp.cisco.com/ctia/incident-11111'], updated_properties: { 'cisco:ctr:assetValue': 7, 'cisco:ctr:labels': ['label1', 'label2'] } }
  const first = await call('PATCH', url, body)
  t.match([first.status, first.body], [200, { type: 'asset-properties', asset_ref: asset.id }])
  t.same(first.body.properties, [{ name: 'cisco:ctr:assetValue', value: '7' }, { name: 'cisco:ctr:labels', value: 'label1' }, { name: 'cisco:ctr:labels', value: 'label2' }])
  const [stored] = intel.entities(org.orgId, 'asset-properties')
  await call('PATCH', url, { ...body, updated_properties: { 'cisco:ctr:assetValue': 3, 'cisco:ctr:labels': [] } })
  t.same(intel.entities(org.orgId, 'asset-properties').map((p) => [p.id, p.properties]), [[stored!.id, [{ name: 'cisco:ctr:assetValue', value: '3' }]]], 'the same entity, the named properties replaced')

  const bulk = await call('PATCH', '/iroh/private-intel/bulk/update-asset-properties', [
    { asset_external_id: 'srv-1', rescore_incident_ids: [], updated_properties: { 'cisco:ctr:assetValue': 10, 'cisco:ctr:labels': ['crown jewel'] } },
  ])
  t.match([bulk.status, bulk.body], [200, [{ asset_ref: other.id }]], 'bulk: one entity per asset')

  const cases: Array<[string, string, unknown, number]> = [
    ['an unknown asset', '/iroh/private-intel/asset/external_id/nope/update-properties', body, 404],
    ['a value out of range', url, { ...body, updated_properties: { 'cisco:ctr:assetValue': 11, 'cisco:ctr:labels': [] } }, 400],
    ['a property XDR does not let users set', url, { ...body, updated_properties: { ...body.updated_properties, owner: 'me' } }, 400],
    ['no incidents list', url, { updated_properties: body.updated_properties }, 400],
    ['bulk: an unknown asset among known ones', '/iroh/private-intel/bulk/update-asset-properties', [{ ...body, asset_external_id: 'srv-1' }, { ...body, asset_external_id: 'nope' }], 404],
    ['bulk: not a list', '/iroh/private-intel/bulk/update-asset-properties', body, 400],
  ]
  const before = JSON.stringify(intel.entities(org.orgId, 'asset-properties'))
  for (const [why, path, payload, status] of cases) {
    const res = await call('PATCH', path, payload)
    t.match([res.status, res.body], [status, { error: String, error_description: String }], why)
  }
  t.equal(JSON.stringify(intel.entities(org.orgId, 'asset-properties')), before, 'nothing written by a refused request')
})

test('the coverage matrix answers 501 in IROH\'s shape', async (t) => {
  const { call } = await setup()
  const res = await call('GET', '/iroh/private-intel/mitre/coverage-matrix')
  t.match([res.status, res.body], [501, { error: 'not_implemented', error_description: /coverage-matrix/ }])
  const post = await call('POST', '/iroh/private-intel/mitre/coverage-matrix/adversaries-for-techniques', {})
  t.equal(post.status, 501)
})

test('hostile input and an unreachable private intelligence never answer 500', async (t) => {
  const { call } = await setup()
  const update = { rescore_incident_ids: [], updated_properties: { 'cisco:ctr:assetValue': 1, 'cisco:ctr:labels': [] } }
  const requests: Array<[string, string, unknown?]> = [
    ['GET', '/iroh/private-intel/incident/%00/tactics'],
    ['GET', '/iroh/private-intel/incident/..%2F..%2Fetc%2Fpasswd/tactic/TA0001'],
    ['GET', `/iroh/private-intel/mitre/tactic/${'é'.repeat(150)}`],
    ['GET', '/iroh/private-intel/mitre/tactic/search?ids=%00'],
    ['GET', '/iroh/private-intel/incident-summary/search?limit=lots&from=%00'],
    ['PATCH', '/iroh/private-intel/asset/external_id/%00/update-properties', update],
    ['PATCH', '/iroh/private-intel/bulk/update-asset-properties', Array.from({ length: 101 }, () => ({ ...update, asset_external_id: 'a' }))],
    ['PATCH', '/iroh/private-intel/bulk/update-asset-properties', 'not json'],
  ]
  for (const [method, url, payload] of requests) {
    const res = await call(method, url, payload)
    t.ok(res.status >= 200 && res.status < 500, `${method} ${url.slice(0, 80)} → ${res.status}`)
    if (res.status >= 400) t.match(res.body, { error: String, error_description: String })
  }

  const n = await buildNeighbourhood(t, { INTEL_URL: 'http://127.0.0.1:9' })
  const org = await orgWithToken(n.app)
  const down = await n.app.inject({ method: 'GET', url: '/iroh/private-intel/mitre/tactic/TA0001', headers: org.auth })
  t.match([down.statusCode, down.json()], [503, { error: 'service_unavailable', error_description: /unreachable/ }], 'the intel service unreachable: 503')
})
