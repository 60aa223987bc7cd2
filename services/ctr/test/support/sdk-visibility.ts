// Every method of Cisco's threatresponse SDK (v0.15.0) on the `visibility` family, with the route it calls and how
// ctrmock answers it. test/routes/sdk-visibility.test.ts runs each through the SDK imitation against CTR (so this table
// cannot drift from behaviour) and CONFORMANCE.md prints it.
import type { ThreatResponseSdk } from './threatresponse-sdk.ts'

export interface SdkFixtures {
  relayTypeId: string
  intelTypeId: string
  deviceId: string
  userId: string
  /** One of the org's sightings in private intelligence. */
  sightingId: string
  /** Ids made by earlier methods, by name. */
  made: Record<string, string>
}

export interface SdkMethod {
  method: string
  route: string
  /** Answered: a 2xx. Otherwise why not, and the status the SDK raises with. */
  unanswered?: { status: number, why: string }
  run: (tr: ThreatResponseSdk, f: SdkFixtures) => Promise<unknown>
}

const OBS = [{ type: 'ip', value: '4.2.2.2' }]
const SIGHTING = { type: 'sighting', id: 'transient:s1', schema_version: '1.0.0', source: 'sdk', confidence: 'High', count: 1, observed_time: { start_time: '2026-03-01T00:00:00.000Z' }, observables: OBS }
const NOT_IN_IROH = { status: 404, why: 'not an IROH operation (Cisco\'s Swagger has none; the SDK\'s generic entity offers it)' }
const keep = (f: SdkFixtures, name: string) => (answer: unknown) => { f.made[name] = (answer as { id: string }).id; return answer }

export const SDK_VISIBILITY_METHODS: SdkMethod[] = [
  { method: 'inspect.inspect', route: 'POST /iroh/iroh-inspect/inspect', run: (tr) => tr.inspect.inspect({ content: '4.2.2.2' }) },
  { method: 'profile.whoami', route: 'GET /iroh/profile/whoami', run: (tr) => tr.profile.whoami() },
  { method: 'profile.org.get', route: 'GET /iroh/profile/org', run: (tr) => tr.profile.org.get() },
  { method: 'profile.org.post', route: 'POST /iroh/profile/org', run: (tr) => tr.profile.org.post({ name: 'SDK org' }) },
  { method: 'int.module_type.get', route: 'GET /iroh/iroh-int/module-type[/{id}]', run: (tr, f) => tr.int.module_type.get(f.relayTypeId) },
  { method: 'int.module_type.post', route: 'POST /iroh/iroh-int/module-type', run: (tr, f) => tr.int.module_type.post({ title: 'SDK type', default_name: 'SDK type', properties: { url: 'http://127.0.0.1:9/', 'supported-apis': ['health'] } }).then(keep(f, 'type')) },
  { method: 'int.module_type.patch', route: 'PATCH /iroh/iroh-int/module-type/{id}', run: (tr, f) => tr.int.module_type.patch(f.made.type!, { short_description: 'Changed' }) },
  { method: 'int.module_type.put', route: 'PUT /iroh/iroh-int/module-type/{id}', unanswered: NOT_IN_IROH, run: (tr, f) => tr.int.module_type.put(f.made.type!, { title: 'x' }) },
  { method: 'int.module_type.delete', route: 'DELETE /iroh/iroh-int/module-type/{id}', run: (tr, f) => tr.int.module_type.delete(f.made.type!) },
  { method: 'int.module_instance.post', route: 'POST /iroh/iroh-int/module-instance', run: (tr, f) => tr.int.module_instance.post({ name: 'Intel', module_type_id: f.intelTypeId, visibility: 'org', settings: { judgements: 'ip:4.2.2.2=Malicious' } }).then(keep(f, 'instance')) },
  { method: 'int.module_instance.get', route: 'GET /iroh/iroh-int/module-instance[/{id}]', run: (tr, f) => tr.int.module_instance.get(f.made.instance!) },
  { method: 'int.module_instance.patch', route: 'PATCH /iroh/iroh-int/module-instance/{id}', run: (tr, f) => tr.int.module_instance.patch(f.made.instance!, { name: 'Intel 2' }) },
  { method: 'int.module_instance.put', route: 'PUT /iroh/iroh-int/module-instance/{id}', unanswered: NOT_IN_IROH, run: (tr, f) => tr.int.module_instance.put(f.made.instance!, { name: 'x' }) },
  { method: 'enrich.health', route: 'POST /iroh/iroh-enrich/health', run: (tr) => tr.enrich.health() },
  { method: 'enrich.health.module_instance_id', route: 'POST /iroh/iroh-enrich/health/{module_instance_id}', run: (tr, f) => tr.enrich.health.module_instance_id(f.made.instance!) },
  ...(['observe', 'deliberate', 'refer'] as const).flatMap((family): SdkMethod[] => [
    { method: `enrich.${family}.observables`, route: `POST /iroh/iroh-enrich/${family}/observables`, run: (tr) => tr.enrich[family].observables(OBS) },
    { method: `enrich.${family}.sighting`, route: `POST /iroh/iroh-enrich/${family}/sighting`, run: (tr) => tr.enrich[family].sighting(SIGHTING) },
    { method: `enrich.${family}.sighting_ref`, route: `POST /iroh/iroh-enrich/${family}/sighting_ref`, run: (tr, f) => tr.enrich[family].sighting_ref(f.sightingId) },
  ]),
  { method: 'enrich.settings.get', route: 'GET /iroh/iroh-enrich/settings', run: (tr) => tr.enrich.settings.get() },
  { method: 'response.respond.observables', route: 'POST /iroh/iroh-response/respond/observables', run: (tr) => tr.response.respond.observables(OBS) },
  { method: 'response.respond.sighting', route: 'POST /iroh/iroh-response/respond/sighting', run: (tr) => tr.response.respond.sighting(SIGHTING) },
  { method: 'response.respond.trigger', route: 'POST /iroh/iroh-response/respond/trigger/{module_name}/{action_id}', run: (tr, f) => tr.response.respond.trigger(f.made.instance!, 'mark-clean', 'ip', '4.2.2.2') },
  { method: 'commands.verdict', route: 'POST /iroh/iroh-inspect/inspect, POST /iroh/iroh-enrich/deliberate/observables', run: (tr) => tr.commands.verdict('4.2.2.2') },
  { method: 'commands.targets', route: 'POST /iroh/iroh-inspect/inspect, POST /iroh/iroh-enrich/observe/observables', run: (tr) => tr.commands.targets('4.2.2.2') },
  { method: 'int.module_instance.delete', route: 'DELETE /iroh/iroh-int/module-instance/{id}', run: (tr, f) => tr.int.module_instance.delete(f.made.instance!) },
  { method: 'int.integration.post', route: 'POST /iroh/iroh-int/integration', run: (tr, f) => tr.int.integration.post({ title: 'SDK integration' }).then(keep(f, 'integration')) },
  { method: 'int.integration.get', route: 'GET /iroh/iroh-int/integration[/{id}]', run: (tr, f) => tr.int.integration.get(f.made.integration!) },
  { method: 'int.integration.put', route: 'PUT /iroh/iroh-int/integration/{id}', run: (tr, f) => tr.int.integration.put(f.made.integration!, { title: 'Replaced' }) },
  { method: 'int.integration.patch', route: 'PATCH /iroh/iroh-int/integration/{id}', run: (tr, f) => tr.int.integration.patch(f.made.integration!, { vendor: 'Cisco' }) },
  { method: 'int.integration.delete', route: 'DELETE /iroh/iroh-int/integration/{id}', run: (tr, f) => tr.int.integration.delete(f.made.integration!) },
  { method: 'int.module_type_patch.post', route: 'POST /iroh/iroh-int/module-type-patch', run: (tr, f) => tr.int.module_type_patch.post({ module_type_id: f.relayTypeId, patch: { title: 'Relay v2' } }).then(keep(f, 'patch')) },
  { method: 'int.module_type_patch.get', route: 'GET /iroh/iroh-int/module-type-patch[/{id}]', run: (tr, f) => tr.int.module_type_patch.get(f.made.patch!) },
  { method: 'int.module_type_patch.put', route: 'PUT /iroh/iroh-int/module-type-patch/{id}', run: (tr, f) => tr.int.module_type_patch.put(f.made.patch!, { merge_status: 'rejected' }) },
  { method: 'int.module_type_patch.patch', route: 'PATCH /iroh/iroh-int/module-type-patch/{id}', unanswered: NOT_IN_IROH, run: (tr, f) => tr.int.module_type_patch.patch(f.made.patch!, {}) },
  { method: 'int.module_type_patch.action_preview', route: 'GET /iroh/iroh-int/module-type-patch/{id}/action%2Fpreview', run: (tr, f) => tr.int.module_type_patch.action_preview(f.made.patch!) },
  { method: 'int.module_type_patch.delete', route: 'DELETE /iroh/iroh-int/module-type-patch/{id}', run: (tr, f) => tr.int.module_type_patch.delete(f.made.patch!) },
  { method: 'user_mgmt.users.get', route: 'GET /iroh/user-mgmt/users/{user_id}', run: (tr, f) => tr.user_mgmt.users.get(f.userId) },
  { method: 'user_mgmt.users.post', route: 'POST /iroh/user-mgmt/users/{user_id}', run: (tr, f) => tr.user_mgmt.users.post(f.userId, { role: 'admin' }) },
  { method: 'user_mgmt.batch.users', route: 'GET /iroh/user-mgmt/batch/users?id=…', run: (tr, f) => tr.user_mgmt.batch.users([f.userId]) },
  { method: 'user_mgmt.search.users', route: 'POST /iroh/user-mgmt/search/users', run: (tr) => tr.user_mgmt.search.users({}, { limit: 10 }) },
  { method: 'sse_device.get_all', route: 'GET /iroh/iroh-sse/device', run: (tr) => tr.sse_device.get_all() },
  { method: 'sse_device.get_by_id', route: 'GET /iroh/iroh-sse/device/{device_id}', run: (tr, f) => tr.sse_device.get_by_id(f.deviceId) },
  {
    method: 'sse_device.post', route: 'POST /iroh/iroh-sse/device',
    unanswered: { status: 404, why: 'not served: devices join SSE by registering with a token (sse_tenant.get_token, sse_device.token)' },
    run: (tr) => tr.sse_device.post({ name: 'x' }),
  },
  { method: 'sse_device.patch', route: 'PATCH /iroh/iroh-sse/device/{device_id}', run: (tr, f) => tr.sse_device.patch(f.deviceId, { description: 'Lab' }) },
  { method: 'sse_device.token', route: 'POST /iroh/iroh-sse/device/{device_id}/token', run: (tr, f) => tr.sse_device.token(f.deviceId, {}) },
  { method: 'sse_device.re_token', route: 'POST /iroh/iroh-sse/device/{device_id}/token', run: (tr, f) => tr.sse_device.re_token(f.deviceId, {}) },
  { method: 'sse_device.api_proxy', route: 'POST /iroh/iroh-sse/device/{device_id}/api-proxy', run: (tr, f) => tr.sse_device.api_proxy(f.deviceId, { method: 'POST', path: '/messages/search', body: { observables: OBS, startTime: '2026-02-01T00:00:00.000Z', endTime: '2026-03-02T10:00:00.000Z' } }) },
  { method: 'sse_device.delete', route: 'DELETE /iroh/iroh-sse/device/{device_id}', run: (tr, f) => tr.sse_device.delete(f.deviceId) },
  { method: 'sse_tenant.get_token', route: 'GET /iroh/iroh-sse/tenant/token', run: (tr) => tr.sse_tenant.get_token() },
]

/** The table CONFORMANCE.md prints. */
export function renderSdkTable(): string[] {
  const answered = SDK_VISIBILITY_METHODS.filter((m) => !m.unanswered).length
  return [
    '## Cisco\'s threatresponse SDK (v0.15.0), `visibility` family',
    '',
    'Generated from services/ctr/test/support/sdk-visibility.ts; services/ctr/test/routes/sdk-visibility.test.ts runs every',
    'method through the SDK imitation against CTR and fails when a row stops being true.',
    '',
    `${answered} of ${SDK_VISIBILITY_METHODS.length} methods answered with a 2xx.`,
    '',
    '| SDK method | Route | ctrmock |',
    '|---|---|---|',
    ...SDK_VISIBILITY_METHODS.map((m) => `| \`tr.${m.method}\` | \`${m.route}\` | ${m.unanswered ? `${m.unanswered.status}: ${m.unanswered.why}` : 'answers'} |`),
    '',
  ]
}
