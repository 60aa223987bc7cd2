// XDR's private-intelligence use cases over CTIA in memory: MITRE tactics and techniques, an incident's tactics,
// incidents per technique, incident summaries and asset-property updates, without HTTP.
import { test } from 'tap'
import { TACTICS, incidentTactic, incidentTactics, incidentsPerTechnique, oneTactic, searchTactics } from '../../src/domain/mitre.ts'
import { searchIncidentSummaries } from '../../src/domain/incident-summaries.ts'
import { updateAssetProperties } from '../../src/domain/asset-properties.ts'
import { CtiaMemory, memoryCtia } from '../support/ctia-memory.ts'

const ORG = 'org-a'

function world() {
  const memory = new CtiaMemory(() => new Date('2026-03-02T10:00:00.000Z'))
  return { memory, ctia: memoryCtia(memory, ORG) }
}

const technique = (id: string, tactic: string) => ({
  title: id, short_description: id, description: id,
  external_references: [{ source_name: 'mitre-attack', external_id: id }],
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: tactic }],
})

test('the catalogue: the 14 enterprise tactics, unique ids and phase names', async (t) => {
  t.equal(TACTICS.length, 14)
  t.equal(new Set(TACTICS.map((x) => x.id)).size, 14)
  t.equal(new Set(TACTICS.map((x) => x.shortname)).size, 14)
  t.ok(TACTICS.every((x) => /^TA\d{4}$/.test(x.id) && x.name && x.description))
})

test('tactics carry the org\'s techniques of their kill chain phase, and only the org\'s', async (t) => {
  const { memory, ctia } = world()
  memory.add(ORG, 'attack-pattern', technique('T1566', 'initial-access'))
  memory.add(ORG, 'attack-pattern', { ...technique('T9999', 'initial-access'), kill_chain_phases: [{ kill_chain_name: 'lockheed-martin', phase_name: 'initial-access' }] })
  memory.add('org-b', 'attack-pattern', technique('T1078', 'initial-access'))
  const [initial] = await searchTactics(ctia, ['ta0001'])
  t.same((initial!.techniques as Array<{ mitre: { external_id: string } }>).map((x) => x.mitre.external_id), ['T1566'], 'by MITRE\'s kill chain only')
  t.equal((await searchTactics(ctia)).length, 14, 'all without ids')
  t.same(await searchTactics(ctia, ['TA0000']), [], 'unknown ids are left out')
  t.match(await oneTactic(ctia, 'TA0040'), { title: 'Impact', techniques: [] })
  await t.rejects(oneTactic(ctia, 'T1566'), { code: 'not_found', status: 404 })
})

test('an incident\'s tactics, with its own techniques', async (t) => {
  const { memory, ctia } = world()
  memory.add(ORG, 'attack-pattern', technique('T1566', 'initial-access'))
  memory.add(ORG, 'attack-pattern', technique('T1078', 'initial-access'))
  const incident = memory.add(ORG, 'incident', { tactics: ['TA0001', 'TA0099'], techniques: ['t1566'] })
  const bare = memory.add(ORG, 'incident', {})
  const views = await incidentTactics(ctia, incident.id)
  t.same(views.map((v) => [v.title, (v.techniques as Array<{ title: string }>).map((x) => x.title)]), [['Initial Access', ['T1566']]], 'tactics outside the catalogue are left out')
  t.same(await incidentTactics(ctia, bare.id), [], 'an incident without tactics')
  t.match(await incidentTactic(ctia, incident.id, 'TA0001'), { title: 'Initial Access' })
  await t.rejects(incidentTactic(ctia, incident.id, 'TA0002'), { code: 'not_found', message: /not among the tactics/ })
  await t.rejects(incidentTactic(ctia, incident.id, 'nope'), { code: 'not_found', message: /MITRE tactic nope/ })
  await t.rejects(incidentTactics(memoryCtia(memory, 'org-b'), incident.id), { code: 'not_found' }, 'not another org\'s incident')
})

test('incidents per technique count each incident once per technique, in the window', async (t) => {
  const { memory, ctia } = world()
  memory.add(ORG, 'incident', { techniques: ['T1566', 'T1566', 'T1078'] })
  memory.add(ORG, 'incident', { techniques: ['T1566'] })
  memory.add(ORG, 'incident', { title: 'no techniques' })
  t.same(await incidentsPerTechnique(ctia, {}), { T1566: 2, T1078: 1 })
  t.same(await incidentsPerTechnique(ctia, { to: '2026-01-01T00:00:00.000Z' }), {})
  await t.rejects(incidentsPerTechnique(ctia, { from: 'soon' }), { code: 'invalid_request', status: 400 })
})

test('incident summaries: related entities of the context families, either way', async (t) => {
  const { memory, ctia } = world()
  const incident = memory.add(ORG, 'incident', { title: 'A' })
  const malware = memory.add(ORG, 'malware', { title: 'm' })
  const indicator = memory.add(ORG, 'indicator', { title: 'i' })
  const judgement = memory.add(ORG, 'judgement', {})
  memory.add(ORG, 'relationship', { source_ref: incident.id, target_ref: malware.id })
  memory.add(ORG, 'relationship', { source_ref: indicator.id, target_ref: incident.id })
  memory.add(ORG, 'relationship', { source_ref: judgement.id, target_ref: incident.id })
  memory.add(ORG, 'relationship', { source_ref: incident.id, target_ref: 'https://intel.ctrmock.test/ctia/sighting/sighting-00000000-0000-4000-8000-000000000000' })
  const { summaries, headers } = await searchIncidentSummaries(ctia, {})
  t.same(summaries[0]!.context, { malwares: [malware], indicators: [indicator] }, 'judgements are not context; a gone entity is left out')
  t.equal(headers['x-total-hits'], '1')
  const only = await searchIncidentSummaries(ctia, { fields: ['context.malwares'] })
  t.same(only.summaries, [{ id: incident.id, context: { malwares: [malware] } }], 'the context families fields names')
  const plain = await searchIncidentSummaries(ctia, { fields: 'title' })
  t.same(plain.summaries, [{ id: incident.id, title: 'A' }], 'no context family named: no context')
})

test('asset properties replace the named properties of the asset\'s one entity', async (t) => {
  const { memory, ctia } = world()
  const asset = memory.add(ORG, 'asset', { external_ids: ['a-1'] })
  const existing = memory.add(ORG, 'asset-properties', {
    asset_ref: asset.id, source: 'EDR', valid_time: {}, properties: [{ name: 'os', value: 'linux' }, { name: 'cisco:ctr:labels', value: 'old' }],
  })
  const update = (value: number, labels: string[], id = 'a-1') => ({ asset_external_id: id, rescore_incident_ids: [], updated_properties: { 'cisco:ctr:assetValue': value, 'cisco:ctr:labels': labels } })
  const [written] = await updateAssetProperties(ctia, [update(4, ['x', 'y'])])
  t.equal(written!.id, existing.id, 'the same entity')
  t.match(written, { source: 'EDR', asset_ref: asset.id })
  t.same(written!.properties, [{ name: 'os', value: 'linux' }, { name: 'cisco:ctr:assetValue', value: '4' }, { name: 'cisco:ctr:labels', value: 'x' }, { name: 'cisco:ctr:labels', value: 'y' }])

  await t.rejects(updateAssetProperties(ctia, [update(0, [])]), { code: 'invalid_request', message: /from 1 to 10/ })
  await t.rejects(updateAssetProperties(ctia, [update(5, []), update(5, [], 'gone')]), { code: 'not_found', message: /gone/ })
  t.same(memory.all(ORG, 'asset-properties')[0]!.properties, written!.properties, 'nothing written when one asset is missing')
  await t.rejects(updateAssetProperties(ctia, Array.from({ length: 101 }, () => update(5, []))), { message: /at most 100 assets/ })
  const tooMany = { ...update(5, []), rescore_incident_ids: Array.from({ length: 1001 }, (_, i) => `incident-${i}`) }
  await t.rejects(updateAssetProperties(ctia, [tooMany]), { message: /at most 1000 incidents/ })

  const fresh = memory.add(ORG, 'asset', { external_ids: ['a-2'] })
  const [created] = await updateAssetProperties(ctia, [update(9, [], 'a-2')])
  t.match(created, { type: 'asset-properties', asset_ref: fresh.id, source: 'Cisco XDR', properties: [{ name: 'cisco:ctr:assetValue', value: '9' }] }, 'created when the asset has none')
})
