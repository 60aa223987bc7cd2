// Every IROH operation CTR implements, called the way Cisco's clients call it (success and the documented errors),
// with real neighbours: a fake SSE and ESA device, a relay module, Mock Intelligence. The exchanges feed the
// contract test and the CONFORMANCE.md generator.
import type { TeardownHost } from '@ctrmock/kit/testing'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { NOT_IMPLEMENTED } from '../../src/routes/not-implemented.ts'
import { accessToken, createOrg, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from './neighbours.ts'
import { trackedMessage } from './fake-esa-device.ts'
import { startRelayModule } from './relay-module.ts'
import { ContractRecorder, type Exchange } from './contract.ts'

const RELAY_AUTH = 'Bearer relay-secret-jwt'

export async function exerciseIroh(t: TeardownHost): Promise<{ exchanges: Exchange[]; notImplementedStatuses: Map<string, number> }> {
  const n = await buildNeighbourhood(t)
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

  const notImplementedStatuses = new Map<string, number>()
  for (const [method, path] of NOT_IMPLEMENTED) {
    const res = await n.app.inject({ method, url: path.replace(/\{[^}]+\}/g, 'x') })
    notImplementedStatuses.set(`${method} ${path}`, res.statusCode)
  }
  return { exchanges: c.exchanges, notImplementedStatuses }
}
