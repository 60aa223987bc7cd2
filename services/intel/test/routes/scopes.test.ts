// XDR's narrower private-intel scopes: a token may grant one family, for reading, writing or both.
import t from 'tap'
import { buildTestApp, create, judgement, newOrg, T0 } from '../helper.ts'

const INCIDENT = { confidence: 'High', status: 'New', incident_time: { opened: T0 }, timestamp: T0, title: 'Phishing' }

t.test('private-intel/incident:read reads incidents and nothing else; private-intel/incident also writes them', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const incident = await create(intel, org, 'incident', INCIDENT)
  const as = (scope: string) => intel.auth(org, { scopes: [scope] })
  const get = (scope: string, url: string) => intel.app.inject({ method: 'GET', url, headers: as(scope) })
  const post = (scope: string, url: string, payload: object) => intel.app.inject({ method: 'POST', url, headers: as(scope), payload })
  const one = `/ctia/incident/${String(incident.id).split('/').pop()}`

  t.equal((await get('private-intel/incident:read', one)).statusCode, 200, 'reads an incident')
  t.equal((await get('private-intel/incident:read', '/ctia/incident/search')).statusCode, 200, 'searches incidents')
  const refused = await post('private-intel/incident:read', '/ctia/incident', INCIDENT)
  t.equal(refused.statusCode, 403, 'cannot create one')
  t.ok(refused.json().scopes.includes('private-intel/incident:write'), 'the 403 names the narrow scope that would do')
  t.equal((await get('private-intel/incident:read', '/ctia/judgement/search')).statusCode, 403, 'cannot read judgements')
  t.equal((await get('private-intel/incident:read', '/ctia/ip/198.51.100.7/verdict')).statusCode, 403, 'nor verdicts')

  t.equal((await post('private-intel/incident', '/ctia/incident', INCIDENT)).statusCode, 201, 'the bare family scope writes')
  t.equal((await get('private-intel/incident', one)).statusCode, 200, 'and reads')
  t.equal((await post('private-intel/incident:write', '/ctia/incident', INCIDENT)).statusCode, 201, ':write writes')
  t.equal((await get('private-intel/incident:write', one)).statusCode, 403, 'but does not read')
  t.equal((await post('private-intel/incident', '/ctia/judgement', judgement())).statusCode, 403, 'no other family')
  t.equal((await post('private-intel/incident', '/ctia/bundle/import', { judgements: [] })).statusCode, 403, 'nor the whole service')
  t.equal((await get('private-intel/incidents', one)).statusCode, 403, 'a scope is matched by whole path segments')
  t.equal((await get('private-intel/incident:read:extra', one)).statusCode, 403, 'a malformed scope grants nothing')
})

t.test('private-intel/note:write writes notes only', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org, { scopes: ['private-intel/note:write'] })
  const note = { content: 'called the user', note_class: 'analyst-note', author: 'analyst', related_entities: [], timestamp: T0 }
  const created = await intel.app.inject({ method: 'POST', url: '/ctia/note', headers, payload: note })
  t.equal(created.statusCode, 201, created.body.slice(0, 300))
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/note/search', headers })).statusCode, 403, 'reading needs :read')
  t.equal((await intel.app.inject({ method: 'POST', url: '/ctia/incident', headers, payload: INCIDENT })).statusCode, 403)
})
