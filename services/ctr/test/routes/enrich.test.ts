import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { orgWithToken, T0, type TestOrg } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { trackedMessage } from '../support/fake-esa-device.ts'
import { startRelayModule } from '../support/relay-module.ts'

const ESA = builtinModuleTypeId('esa', 'NAM')
const RELAY = builtinModuleTypeId('relay', 'NAM')
const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
const RELAY_AUTH = 'Bearer relay-secret-jwt'

test('enrich', async (t) => {
  const n = await buildNeighbourhood(t)
  const { app } = n
  const relay = await startRelayModule(RELAY_AUTH)
  t.teardown(() => relay.close())

  async function addModule(org: TestOrg & { auth: { authorization: string } }, payload: Record<string, unknown>) {
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { visibility: 'org', ...payload } })
    if (res.statusCode !== 200) throw new Error(res.body)
    return res.json() as { id: string; name: string }
  }
  async function esaModule(org: TestOrg & { auth: { authorization: string } }, name = 'esa03') {
    const device = n.sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
    return { device, module: await addModule(org, { name, module_type_id: ESA, settings: { device: device.id } }) }
  }
  const observe = (org: { auth: { authorization: string } }, observables: unknown, query = '') =>
    app.inject({ method: 'POST', url: `/iroh/iroh-enrich/observe/observables${query}`, headers: org.auth, payload: observables as object })

  await t.test('observe email_subject:"test test" → one sighting "Incoming message (Delivered)" from the ESA module', async (t) => {
    const org = await orgWithToken(app)
    const { module } = await esaModule(org)
    n.esa.messages = [
      trackedMessage({ mid: 1619, subject: 'test test', attachments: [{ fileName: 'invoice.pdf', sha256: 'a'.repeat(64), size: 10 }] }),
      trackedMessage({ mid: 1620, subject: 'other' }),
      trackedMessage({ mid: 1500, subject: 'test test', timestamp: new Date(T0.getTime() - 40 * 86_400_000).toISOString() }),
    ]
    const res = await observe(org, [{ type: 'email_subject', value: 'test test' }])
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.same(body.errors, [])
    t.equal(body.data.length, 1)
    t.match(body.data[0], { module: 'esa03', module_instance_id: module.id, module_type_id: ESA })
    const { sightings } = body.data[0].data
    t.equal(sightings.count, 1, 'the 40-day-old message is outside the 30-day timeframe')
    const [sighting] = sightings.docs
    t.match(sighting, {
      type: 'sighting', title: 'Incoming message (Delivered)', description: 'Incoming message (Delivered)', source: 'esa03',
      confidence: 'High', severity: 'Low', count: 1, internal: true, resolution: 'allowed', sensor: 'process.email-service',
      observed_time: { start_time: '2026-03-02T09:30:00.000Z', end_time: '2026-03-02T09:30:00.000Z' },
      targets: [{ type: 'email', observables: [{ type: 'email', value: 'user1@isc.com' }] }],
    })
    t.match(sighting.id, /^transient:sighting-/)
    t.same(sighting.relations.map((r: { relation: string }) => r.relation), ['Sent_By', 'Sent_To', 'Sent_From', 'Attached_To', 'Attached_To'])
    t.ok(sighting.observables.some((o: { type: string; value: string }) => o.type === 'cisco_mid' && o.value === '1619'))
    const [search] = n.esa.searches.slice(-1)
    t.same(search!.observables, [{ type: 'email_subject', value: 'test test' }])
    t.equal(search!.endTime, T0.toISOString())
    t.equal(search!.startTime, new Date(T0.getTime() - 30 * 86_400_000).toISOString())
  })

  await t.test('observables the ESA cannot search (e.g. a url) do not reach the device', async (t) => {
    const org = await orgWithToken(app)
    await esaModule(org)
    const before = n.sse.proxied.length
    const res = await observe(org, [{ type: 'url', value: 'https://x.example/' }])
    t.same(res.json(), { data: [], errors: [] })
    t.equal(n.sse.proxied.length, before)
  })

  await t.test('an unreachable device becomes an errors[] entry while the other modules still answer', async (t) => {
    const org = await orgWithToken(app)
    const down = n.sse.addDevice(org.orgId, { name: 'down', callbackUrl: 'http://127.0.0.1:9/sse/v1/appliances/x', secret: 's' })
    const esa = await addModule(org, { name: 'ESA down', module_type_id: ESA, settings: { device: down.id } })
    const intel = await addModule(org, { name: 'Intel', module_type_id: INTEL, settings: { judgements: 'email_subject:test test=Suspicious' } })
    const res = await observe(org, [{ type: 'email_subject', value: 'test test' }])
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.same(body.errors, [{ module: 'ESA down', module_instance_id: esa.id, module_type_id: ESA, code: 'device-unavailable', message: 'The device cannot be reached', type: 'fatal' }])
    t.equal(body.data.length, 1)
    t.equal(body.data[0].module_instance_id, intel.id)
  })

  await t.test('a device slower than MODULE_TIMEOUT_MS is reported as a timeout', async (t) => {
    const org = await orgWithToken(app)
    const { module } = await esaModule(org, 'slow esa')
    n.esa.delayMs = 2500
    t.teardown(() => { n.esa.delayMs = 0 })
    const started = performance.now()
    const res = await observe(org, [{ type: 'email_subject', value: 'test test' }])
    t.ok(performance.now() - started < 2400, 'CTR does not wait for the device')
    t.match(res.json().errors, [{ module_instance_id: module.id, code: 'request timeout', type: 'fatal' }])
  })

  await t.test('relay modules are called with the configured Authorization header; their errors reach errors[]', async (t) => {
    const org = await orgWithToken(app)
    const good = await addModule(org, { name: 'Relay', module_type_id: RELAY, settings: { url: relay.url, 'authorization-header': RELAY_AUTH } })
    const wrong = await addModule(org, { name: 'Relay wrong key', module_type_id: RELAY, settings: { url: relay.url, 'authorization-header': 'Bearer nope' } })
    relay.calls.length = 0
    const res = await observe(org, [{ type: 'domain', value: 'quota.example' }])
    const body = res.json()
    t.equal(relay.calls.length, 2)
    t.same(relay.calls.map((c) => c.authorization).sort(), ['Bearer nope', RELAY_AUTH])
    t.same(relay.calls[0]!.body, [{ type: 'domain', value: 'quota.example' }])
    const data = body.data.find((d: { module_instance_id: string }) => d.module_instance_id === good.id)
    t.same(Object.keys(data.data), ['sightings'], 'non-CTIM keys are dropped')
    t.equal(data.data.sightings.docs[0].source, 'Relay Test')
    t.same(body.errors.sort((a: { module: string }, b: { module: string }) => a.module.localeCompare(b.module)), [
      { module: 'Relay', module_instance_id: good.id, module_type_id: RELAY, code: 'too many requests', message: 'Upstream quota exceeded', type: 'fatal' },
      { module: 'Relay wrong key', module_instance_id: wrong.id, module_type_id: RELAY, code: 'authorization error', message: 'Authorization failed: Failed to decode JWT with provided key', type: 'fatal' },
    ])
  })

  await t.test('mids restricts the fan-out to the given module instances', async (t) => {
    const org = await orgWithToken(app)
    const a = await addModule(org, { name: 'A', module_type_id: INTEL, settings: { judgements: 'ip:1.2.3.4=Malicious' } })
    await addModule(org, { name: 'B', module_type_id: INTEL, settings: { judgements: 'ip:1.2.3.4=Clean' } })
    const res = await observe(org, [{ type: 'ip', value: '1.2.3.4' }], `?mids=${a.id}`)
    t.same(res.json().data.map((d: { module: string }) => d.module), ['A'])
  })

  await t.test('deliberate returns verdicts only, by CTIM\'s rule', async (t) => {
    const org = await orgWithToken(app)
    const intel = await addModule(org, { name: 'Intel', module_type_id: INTEL, settings: { judgements: { 'ip:1.2.3.4': 'Malicious', 'domain:cisco.com': { disposition: 'Malicious', priority: 100 } } } })
    await addModule(org, { name: 'Relay', module_type_id: RELAY, settings: { url: relay.url, 'authorization-header': RELAY_AUTH } })
    // A person's judgement (a "Mark as" action, priority 100) outranks the automated one; at equal priority Clean
    // beats Malicious.
    const mark = (action: string, type: string, value: string) => app.inject({
      method: 'POST', url: `/iroh/iroh-response/respond/trigger/${intel.id}/${action}?observable_type=${type}&observable_value=${value}`, headers: org.auth,
    })
    t.equal((await mark('mark-suspicious', 'ip', '1.2.3.4')).statusCode, 200)
    t.equal((await mark('mark-clean', 'domain', 'cisco.com')).statusCode, 200)
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/deliberate/observables', headers: org.auth, payload: [{ type: 'ip', value: '1.2.3.4' }, { type: 'domain', value: 'cisco.com' }] })
    const body = res.json()
    t.same(body.errors, [])
    for (const entry of body.data) t.same(Object.keys(entry.data), ['verdicts'])
    const verdicts = body.data.find((d: { module_instance_id: string }) => d.module_instance_id === intel.id).data.verdicts.docs
    t.match(verdicts, [
      { type: 'verdict', observable: { type: 'ip', value: '1.2.3.4' }, disposition: 3, disposition_name: 'Suspicious' },
      { type: 'verdict', observable: { type: 'domain', value: 'cisco.com' }, disposition: 1, disposition_name: 'Clean' },
    ])
  })

  await t.test('observe from Mock Intelligence returns judgements and verdicts', async (t) => {
    const org = await orgWithToken(app)
    await addModule(org, { name: 'Intel', module_type_id: INTEL, settings: { judgements: { [`sha256:${'b'.repeat(64)}`]: { disposition: 'Malicious', reason: 'Known ransomware' } } } })
    const first = (await observe(org, [{ type: 'sha256', value: 'b'.repeat(64) }])).json()
    t.match(first.data[0].data, {
      judgements: { count: 1, docs: [{ type: 'judgement', disposition: 2, disposition_name: 'Malicious', source: 'Intel', reason: 'Known ransomware', priority: 90 }] },
      verdicts: { count: 1, docs: [{ disposition: 2 }] },
    })
    t.same((await observe(org, [{ type: 'sha256', value: 'c'.repeat(64) }])).json().data[0].data, {}, 'nothing about another hash')
  })

  await t.test('refer gathers links from every module', async (t) => {
    const org = await orgWithToken(app)
    await addModule(org, { name: 'Relay', module_type_id: RELAY, settings: { url: relay.url, 'authorization-header': RELAY_AUTH } })
    const intel = await addModule(org, { name: 'Intel', module_type_id: INTEL })
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/refer/observables', headers: org.auth, payload: [{ type: 'domain', value: 'cisco.com' }] })
    const refs = res.json().data
    t.equal(refs.length, 2)
    t.match(refs.find((r: { module: string }) => r.module === 'Intel'), { module_instance_id: intel.id, title: 'Search for this domain', url: new RegExp(`/iroh/iroh-int/module-instance/${intel.id}$`) })
    t.match(refs.find((r: { module: string }) => r.module === 'Relay'), { id: 'ref-relay-cisco.com', url: 'https://relay.example/search?q=cisco.com', categories: ['Relay', 'Search'] })
  })

  await t.test('health reports each module; a device SSE no longer lists is an error', async (t) => {
    const org = await orgWithToken(app)
    const { module: esa } = await esaModule(org)
    const intel = await addModule(org, { name: 'Intel', module_type_id: INTEL })
    const relayModule = await addModule(org, { name: 'Relay', module_type_id: RELAY, settings: { url: relay.url, 'authorization-header': RELAY_AUTH } })
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/health', headers: org.auth })
    t.same(res.json().errors, [])
    t.same(res.json().data.map((d: { data: { status: string } }) => d.data.status), ['ok', 'ok', 'ok'])
    const single = await app.inject({ method: 'POST', url: `/iroh/iroh-enrich/health/${intel.id}`, headers: org.auth })
    t.match(single.json(), { data: { module: 'Intel', module_instance_id: intel.id, module_type_id: INTEL, data: { status: 'ok' } }, errors: [] })
    n.sse.setThreatResponse(org.orgId, false)
    const esaHealth = await app.inject({ method: 'POST', url: `/iroh/iroh-enrich/health/${esa.id}`, headers: org.auth })
    t.match(esaHealth.json(), { data: { data: { status: 'error' } }, errors: [{ code: 'device-not-found', module_instance_id: esa.id }] })
    t.equal((await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/health/nope', headers: org.auth })).statusCode, 404)
    void relayModule
  })

  await t.test('garbage observables answer 400, never 500', async (t) => {
    const org = await orgWithToken(app)
    for (const payload of [{}, [{ type: 'nope', value: 'x' }], [{ type: 'ip' }], [{ type: 'ip', value: 'x', extra: 1 }]]) {
      const res = await observe(org, payload)
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.type(res.json().error, 'string')
    }
    const text = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers: { ...org.auth, 'content-type': 'text/plain' }, payload: 'x' })
    t.equal(text.statusCode, 400, text.body)
  })
})
