// Every IROH operation CTR implements, called the way Cisco's clients call it (success and the documented errors),
// with real neighbours: a fake SSE and ESA device, a relay module, Mock Intelligence, a fake private intelligence. The exchanges feed the
// contract test and the CONFORMANCE.md generator.
import { until, type TeardownHost } from '@ctrmock/kit/testing'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { accessToken, createOrg, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from './neighbours.ts'
import { trackedMessage } from './fake-esa-device.ts'
import { startRelayModule } from './relay-module.ts'
import type { FakeIntel } from './fake-intel.ts'
import { startWebhookReceiver } from '../../../../test/helpers/webhook-receiver.ts'
import { ContractRecorder, notImplementedOperations, type Exchange } from './contract.ts'

const RELAY_AUTH = 'Bearer relay-secret-jwt'

export async function exerciseIroh(t: TeardownHost): Promise<{ exchanges: Exchange[]; notImplementedStatuses: Map<string, number> }> {
  const n = await buildNeighbourhood(t, {}, { intel: true })
  const relay = await startRelayModule(RELAY_AUTH)
  t.teardown(() => relay.close())
  const c = new ContractRecorder(n.app)
  const org = await orgWithToken(n.app)
  const headers = org.auth
  const json = (payload: unknown) => payload as Record<string, unknown>
  const ESA = builtinModuleTypeId('esa', 'NAM')
  const RELAY = builtinModuleTypeId('relay', 'NAM')
  const INTEL = builtinModuleTypeId('mock-intel', 'NAM')

  // inspect: 200, 400, 401, 403
  await c.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', headers, payload: { content: 'email_subject:"test test" from bad@evil.example 4.2.2.2' } })
  await c.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', headers, payload: {} }, { badRequest: true })
  await c.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', payload: { content: 'cisco.com' } })
  const narrow = await createOrg(n.app, { scopes: ['enrich'] })
  await c.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', headers: { authorization: `Bearer ${await accessToken(n.app, narrow)}` }, payload: { content: 'cisco.com' } })

  // module types
  const types = (await c.inject({ method: 'GET', url: '/iroh/iroh-int/module-type', headers })).json()
  await c.inject({ method: 'GET', url: '/iroh/iroh-int/module-type?enabled=true&sort_by=title&sort_order=desc&offset=0&limit=10', headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-int/module-type/${types[0].id}`, headers })
  const custom = (await c.inject({
    method: 'POST', url: '/iroh/iroh-int/module-type', headers,
    payload: {
      title: 'Pulsedive', default_name: 'Pulsedive', short_description: 'Threat intel', properties: { url: relay.url, 'supported-apis': ['health'] },
      configuration_spec: [{ key: 'custom_key', type: 'api_key', label: 'API Key', required: true }],
      capabilities: [{ id: 'health', description: 'Health' }], product_categories: [{ id: 'threat-intel', description: 'Intel' }],
    },
  })).json()
  await c.inject({ method: 'PATCH', url: `/iroh/iroh-int/module-type/${custom.id}`, headers, payload: { tips: 'Get a key first', enabled: true } })

  // module instances: ESA (device through SSE), relay, Mock Intelligence
  const device = n.sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
  n.esa.messages = [trackedMessage({ subject: 'test test', attachments: [{ fileName: 'invoice.pdf', sha256: 'a'.repeat(64), size: 2048 }] })]
  const esa = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers, payload: { name: 'esa03', module_type_id: ESA, visibility: 'org', settings: { device: device.id, timeframe: 30 } } })).json()
  const relayInstance = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers, payload: { name: 'Relay', module_type_id: RELAY, visibility: 'org', enabled: true, settings: { url: relay.url, 'auth-type': 'authorization-header', 'authorization-header': RELAY_AUTH, 'supported-apis': ['health', 'observe/observables', 'deliberate/observables', 'refer/observables', 'respond/observables', 'respond/trigger'] }, external_references: [{ label: 'Docs', link: 'https://relay.example/docs' }] } })).json()
  const intel = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers, payload: { name: 'Mock Intelligence', module_type_id: INTEL, visibility: 'org', settings: { judgements: 'ip:4.2.2.2=Malicious\ndomain:cisco.com=Clean' } } })).json()
  const scratch = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers, payload: { name: 'Pulsedive', module_type_id: custom.id, visibility: 'org', settings: { custom_key: 'k' } } })).json()
  await c.inject({ method: 'GET', url: '/iroh/iroh-int/module-instance', headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-int/module-instance?module_type_id=${INTEL}&enabled=true&query=mock&sort_by=name&sort_order=asc&offset=0&limit=5`, headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-int/module-instance/${esa.id}`, headers })
  await c.inject({ method: 'PATCH', url: `/iroh/iroh-int/module-instance/${intel.id}`, headers, payload: { name: 'Mock Intelligence', enabled: true, settings: { priority: 90 } } })
  await c.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-instance/${scratch.id}`, headers })
  await c.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-type/${custom.id}`, headers })

  // module-type patches and the one-click wrapper
  const patch = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-type-patch', headers, payload: { module_type_id: RELAY, patch: { title: 'Relay Module (patched)', short_description: 'Patched' } } })).json()
  await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-type-patch?dry-run=true', headers, payload: { module_type_id: ESA, patch: { tips: 'Dry run' } } })
  await c.inject({ method: 'GET', url: '/iroh/iroh-int/module-type-patch', headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-int/module-type-patch?module_type_id=${RELAY}&merge_status=pending&sort_by=created_at&sort_order=desc&offset=0&limit=5`, headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-int/module-type-patch/${patch.id}`, headers })
  await c.inject({ method: 'PUT', url: `/iroh/iroh-int/module-type-patch/${patch.id}`, headers, payload: { ...patch, merge_status: 'rejected', merge_message: 'Not now' } })
  await c.inject({ method: 'GET', url: `/iroh/iroh-int/module-type-patch/${patch.id}/action/preview`, headers })
  await c.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-type-patch/${patch.id}`, headers })
  const oneClick = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance-wrapper', headers, payload: { module_type_id: INTEL, product_tenant_id: 'tenant-1', type: 'one-click', settings: { judgements: 'ip:1.1.1.1=Clean' } } })).json()
  await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance-wrapper', headers, payload: { module_type_id: INTEL, product_tenant_id: 'tenant-1', type: 'one-click' } })
  await c.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-instance/${oneClick.module_instances[0].id}`, headers })

  // enrich
  const observables = [{ type: 'email_subject', value: 'test test' }, { type: 'ip', value: '4.2.2.2' }, { type: 'domain', value: 'cisco.com' }]
  await c.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers, payload: observables })
  await c.inject({ method: 'POST', url: `/iroh/iroh-enrich/observe/observables?mids=${esa.id}&mids=${intel.id}`, headers, payload: observables })
  await c.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', payload: observables })
  await c.inject({ method: 'POST', url: '/iroh/iroh-enrich/deliberate/observables', headers, payload: observables })
  await c.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/targets', headers, payload: json({ observables, start_time: '2026-02-01T00:00:00.000Z', end_time: '2026-03-02T10:00:00.000Z' }) })
  await c.inject({ method: 'POST', url: '/iroh/iroh-enrich/refer/observables', headers, payload: observables })
  await c.inject({ method: 'GET', url: '/iroh/iroh-enrich/reputation/observable?type=ip&value=4.2.2.2', headers })
  await c.inject({ method: 'POST', url: '/iroh/iroh-enrich/health', headers })
  await c.inject({ method: 'POST', url: `/iroh/iroh-enrich/health/${relayInstance.id}`, headers })
  // A module that fails: its error in errors[].
  const down = n.sse.addDevice(org.orgId, { name: 'down', callbackUrl: 'http://127.0.0.1:9/x', secret: 's' })
  const downEsa = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers, payload: { name: 'esa down', module_type_id: ESA, visibility: 'org', settings: { device: down.id } } })).json()
  await c.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers, payload: observables })
  await c.inject({ method: 'DELETE', url: `/iroh/iroh-int/module-instance/${downEsa.id}`, headers })

  // response
  const actions = (await c.inject({ method: 'POST', url: '/iroh/iroh-response/respond/observables', headers, payload: observables })).json()
  await c.inject({
    method: 'POST', url: '/iroh/iroh-response/respond/sighting', headers,
    payload: { id: 'transient:sighting-1', type: 'sighting', schema_version: '1.3.29', confidence: 'High', count: 1, observed_time: { start_time: '2026-03-01T00:00:00.000Z' }, observables: [{ type: 'ip', value: '4.2.2.2' }] },
  })
  const block = actions.data.find((a: { id: string }) => a.id === 'relay-block')
  await c.inject({ method: 'POST', url: `/iroh/iroh-response${block.url}`, headers })
  await c.inject({ method: 'POST', url: `/iroh/iroh-response/respond/trigger/${relayInstance.id}/unknown-action?observable_type=ip&observable_value=4.2.2.2`, headers })

  // iroh-auth: the browser login (ctrmock's identity provider takes the user by id), the session, an app's code
  const userId = (await n.app.inject({ method: 'GET', url: '/iroh/profile/whoami', headers })).json().user['user-id'] as string
  await c.inject({ method: 'GET', url: '/iroh/iroh-auth/logins' })
  const login = await c.inject({ method: 'GET', url: `/iroh/iroh-auth/login?redirect_after_login=${encodeURIComponent('http://app.test/home')}` })
  await c.inject({ method: 'GET', url: String(login.headers.location) })
  const idp = await c.inject({ method: 'GET', url: `${String(login.headers.location)}&user_id=${userId}` })
  const answer = await c.inject({ method: 'GET', url: String(idp.headers.location) })
  const cookie = String(answer.headers['set-cookie']).split(';')[0]!
  const loginCode = new URL(String(answer.headers.location)).searchParams.get('code')!
  await c.inject({ method: 'POST', url: '/iroh/iroh-auth/code', payload: { code: loginCode } })
  await c.inject({ method: 'GET', url: '/iroh/iroh-auth/session/validate', headers: { cookie } })
  await c.inject({ method: 'POST', url: '/iroh/iroh-auth/session/exchange', headers: { cookie } })
  const app = (await c.inject({ method: 'POST', url: '/iroh/oauth2-clients/clients', headers, payload: { name: 'Dashboard', scopes: ['profile'], redirects: ['http://app.test/callback'], grants: ['auth-code'], availability: 'org' } })).json()
  await c.inject({ method: 'GET', url: '/iroh/oauth2-clients/clients', headers })
  await c.inject({ method: 'GET', url: `/iroh/oauth2-clients/clients/${app.id}`, headers })
  await c.inject({ method: 'GET', url: `/iroh/oauth2/authorize?response_type=code&client_id=${app.id}&state=s`, headers: { cookie } })
  await c.inject({ method: 'DELETE', url: `/iroh/oauth2-clients/clients/${app.id}`, headers })
  await c.inject({ method: 'POST', url: '/iroh/iroh-auth/session/logout', headers: { cookie } })
  await c.inject({ method: 'GET', url: '/iroh/iroh-auth/logout?redirect_after_login=/iroh/iroh-auth/logins', headers: { cookie } })

  const incident = await exercisePrivateIntel(c, n.intel!, org)
  await exerciseEventsAndWebhooks(c, t, headers, incident, INTEL)

  const notImplementedStatuses = new Map<string, number>()
  for (const [method, path] of notImplementedOperations()) {
    // With a token: the private-intel ones sit behind IROH's authentication.
    const res = await n.app.inject({ method: method as 'GET', url: path.replace(/\{[^}]+\}/g, 'x'), headers })
    notImplementedStatuses.set(`${method} ${path}`, res.statusCode)
  }
  return { exchanges: c.exchanges, notImplementedStatuses }
}

const mitreTechnique = (id: string, tactic: string, title: string) => ({
  title, short_description: title, description: title,
  external_references: [{ source_name: 'mitre-attack', external_id: id, url: `https://attack.mitre.org/techniques/${id}/` }],
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: tactic }],
})

// XDR's /iroh/private-intel routes, over the fake private intelligence.
async function exercisePrivateIntel(c: ContractRecorder, intel: FakeIntel, org: { orgId: string; auth: { authorization: string } }) {
  const headers = org.auth
  intel.add(org.orgId, 'attack-pattern', mitreTechnique('T1566', 'initial-access', 'Phishing'))
  const incident = (await c.inject({
    method: 'POST', url: '/iroh/private-intel/incident', headers,
    payload: { status: 'New', confidence: 'High', incident_time: { opened: '2026-03-01T00:00:00.000Z' }, title: 'Phishing wave', tactics: ['TA0001'], techniques: ['T1566'] },
  })).json()
  const key = incident.id.slice(incident.id.lastIndexOf('/') + 1)
  await c.inject({ method: 'GET', url: '/iroh/private-intel/incident/search?query=Phishing&limit=10', headers })
  await c.inject({ method: 'GET', url: `/iroh/private-intel/incident/${key}`, headers })
  await c.inject({ method: 'PATCH', url: `/iroh/private-intel/incident/${key}`, headers, payload: { title: 'Phishing wave 2' } })
  await c.inject({ method: 'POST', url: `/iroh/private-intel/incident/${key}/status`, headers, payload: { status: 'Open' } })
  await c.inject({ method: 'GET', url: `/iroh/private-intel/incident/${key}/tactics`, headers })
  await c.inject({ method: 'GET', url: `/iroh/private-intel/incident/${key}/tactic/TA0001`, headers })
  await c.inject({ method: 'GET', url: '/iroh/private-intel/mitre/tactic/search?ids=TA0001&ids=TA0002', headers })
  await c.inject({ method: 'GET', url: '/iroh/private-intel/mitre/tactic/TA0001', headers })
  await c.inject({ method: 'GET', url: '/iroh/private-intel/mitre/technique/incidents?from=2026-01-01T00:00:00.000Z', headers })
  const note = (await c.inject({ method: 'POST', url: '/iroh/private-intel/note', headers, payload: { content: 'Seen before', note_class: 'default', related_entities: [{ entity_type: 'incident', entity_id: incident.id }] } })).json()
  const imported = (await c.inject({
    method: 'POST', url: '/iroh/private-intel/bundle/import', headers,
    payload: {
      type: 'bundle', source: 'ctrmock',
      assets: [{ id: 'transient:asset-1', type: 'asset', asset_type: 'device', title: 'laptop-7', valid_time: {}, source: 'ctrmock', external_ids: ['laptop-7'], schema_version: '1.3.29' }],
    },
  })).json()
  const asset = imported.results[0].id
  intel.add(org.orgId, 'relationship', { relationship_type: 'member-of', source_ref: asset, target_ref: incident.id })
  await c.inject({ method: 'GET', url: '/iroh/private-intel/incident-summary/search?status=Open&fields=title&fields=context.assets', headers })
  const update = { rescore_incident_ids: [incident.id], updated_properties: { 'cisco:ctr:assetValue': 7, 'cisco:ctr:labels': ['finance'] } }
  await c.inject({ method: 'PATCH', url: '/iroh/private-intel/asset/external_id/laptop-7/update-properties', headers, payload: update })
  await c.inject({ method: 'PATCH', url: '/iroh/private-intel/bulk/update-asset-properties', headers, payload: [{ ...update, asset_external_id: 'laptop-7' }] })
  await c.inject({ method: 'DELETE', url: '/iroh/private-intel/bulk', headers, payload: { notes: [note.id] } })
  return incident.id as string
}

// /iroh/iroh-event over the events the calls above recorded, /iroh/iroh-feedback, and /iroh/iroh-webhook with a real
// receiver: a module instance made after the webhook is delivered to it.
async function exerciseEventsAndWebhooks(c: ContractRecorder, t: TeardownHost, headers: { authorization: string }, incidentId: string, intelType: string) {
  const found = (await c.inject({ method: 'POST', url: '/iroh/iroh-event/event/search?limit=5&offset=1&sort_by=created_at&sort_order=asc', headers, payload: { event_type: 'module-instance/created' } })).json()
  await c.inject({ method: 'POST', url: '/iroh/iroh-event/event/search', headers, payload: { event_type: { not: 'a value' } } }, { badRequest: true })
  await c.inject({ method: 'GET', url: `/iroh/iroh-event/event/${found.data[0].id}`, headers })
  await c.inject({ method: 'GET', url: '/iroh/iroh-event/event/no-such-event', headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-event/event/incident/${encodeURIComponent(incidentId)}?include=incident_changes&include=notes&limit=10`, headers })

  const feedback = (await c.inject({ method: 'POST', url: '/iroh/iroh-feedback/feedback', headers, payload: { bug: false, contact_allowed: true, text: 'Works', experience: 5, user_name: 'SOC', source: 'ciscoxdr' } })).json()
  await c.inject({ method: 'POST', url: '/iroh/iroh-feedback/feedback', headers, payload: { bug: false } }, { badRequest: true })
  await c.inject({ method: 'GET', url: `/iroh/iroh-feedback/feedback/${feedback.id}`, headers })

  const receiver = await startWebhookReceiver(t)
  const webhook = (await c.inject({
    method: 'POST', url: '/iroh/iroh-webhook/webhook', headers,
    payload: { name: 'SOAR', webhook_type: 'url', source: 'iroh-events', visibility: 'org', url: `${receiver.url}/hook`, event_type_filter: ['module-instance/created'], event_filter_map: { module_type_id: intelType }, auth: { type: 'iroh-jwt', conf: { client_id: 'client-soar' } } },
  })).json()
  await c.inject({ method: 'POST', url: '/iroh/iroh-webhook/webhook', headers, payload: { name: 'Bad', webhook_type: 'url' } }, { badRequest: true })
  await c.inject({ method: 'GET', url: '/iroh/iroh-webhook/webhook?webhook_type=url&source=iroh-events&enabled=true&query=soar&event_type_filter=module-instance/created', headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-webhook/webhook/${webhook.id}`, headers })
  await c.inject({ method: 'PATCH', url: `/iroh/iroh-webhook/webhook/${webhook.id}`, headers, payload: { name: 'SOAR 2', integration_id: null } })
  const instance = (await c.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers, payload: { name: 'Webhook trigger', module_type_id: intelType, visibility: 'org' } })).json()
  const results = async () => (await c.inject({ method: 'GET', url: `/iroh/iroh-webhook/webhook-result?webhook_id=${webhook.id}`, headers })).json()
  await until(async () => (await results()).length > 0, { what: 'the webhook result' })
  const [result] = await results()
  await c.inject({ method: 'GET', url: `/iroh/iroh-webhook/webhook-result?entity_id=${instance.id}&org_id=x&query=success`, headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-webhook/webhook-result/${result.id}`, headers })
  await c.inject({ method: 'DELETE', url: `/iroh/iroh-webhook/webhook-result/${result.id}`, headers })
  await c.inject({ method: 'DELETE', url: `/iroh/iroh-webhook/webhook/${webhook.id}`, headers })
  await c.inject({ method: 'GET', url: `/iroh/iroh-webhook/webhook/${webhook.id}`, headers })
}
