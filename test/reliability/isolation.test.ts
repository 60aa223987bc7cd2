// Two orgs that went through the whole tech note. Every authenticated route of every service is called with org A's
// credentials aimed at org B's resources: A never reads, lists, changes or deletes anything of B's. The control
// plane's per-org operations (reset, faults, clock, journal) stay within their org too. Private intelligence: B's
// entities are out of A's reach through every kind of read and write, and out of the EU instance.
import t from 'tap'
import { apiTokenSecret, integratedOrg, intelEntitiesOf, resourceIdOf, startWorld, type IntelEntities, type OrgWorld } from './helpers/world.ts'
import { profilesFor, profileOf } from './helpers/credentials.ts'
import { needsCredentials } from './helpers/fuzz-run.ts'
import { operationsOf, type Operation } from './helpers/openapi.ts'
import { sample } from './helpers/schema-values.ts'
import { send } from './helpers/raw-http.ts'
import { differences, snapshotAll, type Snapshot } from './helpers/db-snapshot.ts'

/** What identifies org B anywhere: its org ids, its resources, its mail. */
function identifiersOf(org: OrgWorld, subject: string): string[] {
  return [org.tenant.namOrg.orgId, org.tenant.appliance.orgId, org.tenant.appliance.applianceId, org.deviceId, org.moduleInstanceId, org.moduleTypeId, org.unusedToken, subject]
}

t.test('org isolation', async (t) => {
  const world = await startWorld(t)
  const [a, b] = [await integratedOrg(world, 'mail of org A'), await integratedOrg(world, 'mail of org B')]
  const bIds = identifiersOf(b, 'mail of org B')
  const mentionsB = (text: string) => bIds.filter((id) => text.includes(id))
  // A row of B's: B's org owns it, or it is one of B's resources (A's own audit entries may name B's ids).
  const bOrgs = new Set([b.tenant.namOrg.orgId, b.tenant.appliance.orgId])
  const bResources = new Set([b.tenant.appliance.applianceId, b.deviceId, b.moduleInstanceId, b.moduleTypeId, b.unusedToken])
  const notB = (_table: string, row: Record<string, unknown>) => !(bOrgs.has(String(row.orgId)) || bOrgs.has(String(row.id))
    || bResources.has(String(row.id)) || bResources.has(String(row.token)) || bResources.has(String(row.applianceId)))
  const profiles = profilesFor(world, a, await apiTokenSecret(world, a.tenant.appliance.applianceId))

  t.test("org A's modules cannot use org B's device or module type, and A's investigations never see B's mail", async (t) => {
    const types = await a.tenant.ctr.moduleTypes()
    const esaType = types.find((x) => x.title === 'Email Security Appliance')!
    const withBDevice = await a.tenant.ctr.http.request('POST', '/iroh/iroh-int/module-instance', { accept: [400, 403, 404], body: { name: 'steal', module_type_id: esaType.id, visibility: 'org', settings: { device: b.deviceId, timeframe: 30 } } })
    t.ok(withBDevice.status >= 400, `an ESA module on B's device is refused (${withBDevice.status})`)
    const withBType = await a.tenant.ctr.http.request('POST', '/iroh/iroh-int/module-instance', { accept: [400, 403, 404], body: { name: 'steal', module_type_id: b.moduleTypeId, visibility: 'org', settings: {} } })
    t.ok(withBType.status >= 400, `a module of B's relay module type is refused (${withBType.status})`)
    const { sightings } = await a.tenant.investigate('email_subject:"mail of org B"')
    t.equal(sightings.length, 0, "A's investigation finds nothing of B's mail")
    const own = await a.tenant.investigate('email_subject:"mail of org A"')
    t.equal(own.sightings.length, 1, 'while A finds its own')
    const day = 86_400_000
    const search = await a.tenant.esa.searchMessages({ startDate: new Date(Date.now() - day).toISOString(), endDate: new Date(Date.now() + day).toISOString(), limit: 100 })
    t.notOk(JSON.stringify(search).includes('mail of org B'), "A's appliance does not track B's mail")
  })

  t.test("org B's private intelligence is invisible to org A and absent from intel EU", async (t) => {
    const intelUrl = world.stack.urls.intel
    const observable = { type: 'ip', value: '198.51.100.77' }
    // Both orgs hold a judgement, a sighting, a casebook and an incident of the same observable.
    const bEntities = await intelEntitiesOf(b.tenant, observable, 'intel of org B')
    const aEntities = await intelEntitiesOf(a.tenant, observable, 'intel of org A')
    const bMarks = [...Object.values(bEntities), 'intel of org B']
    const call = (org: OrgWorld, method: string, path: string, body?: unknown) => send(intelUrl, body === undefined
      ? { method, path, headers: { authorization: `Bearer ${org.accessToken}` } }
      : { method, path, headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const leaks: string[] = []
    const read = async (method: string, path: string, body?: unknown) => {
      const res = await call(a, method, path, body)
      if (res.status >= 500) leaks.push(`${method} ${path} → ${res.status}: ${res.text.slice(0, 200)}`)
      const named = bMarks.filter((m) => res.text.includes(m) && !decodeURIComponent(path).includes(m))
      if (named.length) leaks.push(`${method} ${path} → ${res.status} names B's ${named.join(', ')}`)
      return res
    }
    const families = Object.keys(bEntities) as Array<keyof IntelEntities>
    const observablePath = `/ctia/${observable.type}/${observable.value}`

    for (const type of families) {
      const id = bEntities[type]
      t.equal((await read('GET', `/ctia/${type}/${id}`)).status, 404, `A's get of B's ${type} is 404`)
      const everything = await read('GET', `/ctia/${type}/search?query=*&limit=100`)
      t.same((everything.json as Array<{ id: string }>).map((e) => e.id.split('/').pop()), [aEntities[type]], `A's ${type} search finds only A's own`)
      t.equal(everything.headers['x-total-hits'], '1', `and counts only A's own in X-Total-Hits (${type})`)
      await read('GET', `/ctia/${type}/search?query=${encodeURIComponent('"intel of org B"')}`)
      await read('GET', `/ctia/${type}/search?query=${encodeURIComponent(`id:*${id}`)}`)
      t.equal((await read('GET', `/ctia/${type}/search/count?query=*`)).json, 1, `A's ${type} count is A's own`)
      await read('GET', `/ctia/bundle/export?ids=${encodeURIComponent(id)}&include_related_entities=true`)
      await read('POST', '/ctia/bundle/export?include_related_entities=true', { ids: [id] })
    }
    for (const route of ['judgements', 'verdict', 'judgements/indicators', 'sightings', 'sightings/indicators', 'sightings/incidents']) {
      const res = await read('GET', `${observablePath}/${route}`)
      t.ok(res.status < 500, `A's ${route} of the shared observable answers (${res.status})`)
    }
    const verdict = (await read('GET', `${observablePath}/verdict`)).json as { judgement_id?: string }
    t.equal(verdict.judgement_id?.split('/').pop(), aEntities.judgement, "A's verdict is A's judgement")
    const judgements = (await read('GET', `${observablePath}/judgements`)).json as Array<{ id: string }>
    t.same(judgements.map((j) => j.id.split('/').pop()), [aEntities.judgement], "A's observable judgements are A's own")
    await read('GET', `/ctia/bundle/export?ids=${encodeURIComponent(aEntities.casebook)}&include_related_entities=true`)

    // Writes aimed at B's entities: refused, and B's entities stay as B stored them.
    const before = await Promise.all(families.map(async (type) => (await call(b, 'GET', `/ctia/${type}/${bEntities[type]}`)).text))
    const writes: Array<[string, string, unknown]> = [
      ...families.flatMap((type): Array<[string, string, unknown]> => [
        ['PUT', `/ctia/${type}/${bEntities[type]}`, JSON.parse(before[families.indexOf(type)]!)],
        ['PATCH', `/ctia/${type}/${bEntities[type]}`, { title: 'stolen by A', source: 'stolen by A' }],
        ['DELETE', `/ctia/${type}/${bEntities[type]}`, undefined],
      ]),
      ['POST', `/ctia/casebook/${bEntities.casebook}/observables`, { operation: 'add', observables: [{ type: 'domain', value: 'stolen.example' }] }],
      ['POST', `/ctia/casebook/${bEntities.casebook}/texts`, { operation: 'add', texts: [{ type: 'text', text: 'stolen by A' }] }],
      ['POST', `/ctia/incident/${bEntities.incident}/status`, { status: 'Closed' }],
      ['POST', `/ctia/incident/${bEntities.incident}/link`, { casebook_id: aEntities.casebook }],
    ]
    for (const [method, path, body] of writes) {
      const res = await call(a, method, path, body)
      t.ok([403, 404].includes(res.status), `A's ${method} ${path.replace(/-[0-9a-f-]{36}$/, '-…')} is refused (${res.status})`)
    }
    // A's delete-by-search of everything deletes A's own entities only.
    const wiped = await call(a, 'DELETE', '/ctia/judgement/search?query=*&REALLY_DELETE_ALL_THESE_ENTITIES=true')
    t.equal(wiped.json, 1, "A's delete-by-search deletes A's one judgement")
    const after = await Promise.all(families.map(async (type) => (await call(b, 'GET', `/ctia/${type}/${bEntities[type]}`)).text))
    t.same(after, before, "B's entities are unchanged")
    t.same(leaks, [], "no answer to A names any of B's intel")

    // B's own token sees them (the probe is not blind); the EU instance, B's EU org and B's NAM token see none of them.
    const own = await call(b, 'GET', `${observablePath}/judgements`)
    t.ok(own.text.includes(bEntities.judgement), "B's own token finds B's judgement")
    const eu = world.stack.urls['intel-eu']
    const euToken = await b.tenant.ctrEu.accessToken()
    for (const type of families) {
      const res = await send(eu, { method: 'GET', path: `/ctia/${type}/${bEntities[type]}`, headers: { authorization: `Bearer ${euToken}` } })
      t.equal(res.status, 404, `B's NAM ${type} is not in intel EU`)
      const search = await send(eu, { method: 'GET', path: `/ctia/${type}/search?query=*`, headers: { authorization: `Bearer ${euToken}` } })
      t.same(search.json, [], `intel EU's ${type} search for B's EU org is empty`)
    }
    const euVerdict = await send(eu, { method: 'GET', path: `${observablePath}/verdict`, headers: { authorization: `Bearer ${euToken}` } })
    t.equal(euVerdict.status, 404, "intel EU has no verdict for B's NAM judgement")
    const namTokenInEu = await send(eu, { method: 'GET', path: `/ctia/judgement/${bEntities.judgement}`, headers: { authorization: `Bearer ${b.accessToken}` } })
    t.equal(namTokenInEu.status, 401, 'intel EU refuses a CTR NAM token')
  })

  t.test('every authenticated route refuses org A credentials aimed at org B', async (t) => {
    const targets = [
      { service: 'ctr', url: world.stack.urls.ctr }, { service: 'sse', url: world.stack.urls['sse-americas'] }, { service: 'esa', url: world.stack.urls.esa },
    ] as const
    const before = await snapshotAll(world.databases)
    const violations: string[] = []
    let calls = 0
    for (const target of targets) {
      const ops = (await operationsOf(target.service, target.url, target.service === 'esa' ? 'asyncos' : 'iroh')).filter((op) => !op.path.startsWith('/documentation'))
      const authed: Operation[] = []
      for (const op of ops) if (await needsCredentials(op)) authed.push(op)
      // Reads first, then writes, deletes last: a write of A's may not disturb the reads that follow.
      const order = (op: Operation) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].indexOf(op.method)
      for (const op of authed.sort((x, y) => order(x) - order(y))) {
        const auth = profileOf(profiles, op)
        if (!auth) { violations.push(`${op.service} ${op.method} ${op.path}: no credentials known for this route`); continue }
        const aimed = op.path.includes('{')
        const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(resourceIdOf(b, op.path, name) ?? 'isolation-probe'))
        const required = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(sample(p.schema))] as const)
        // Observables B's mail would match (but that name none of B's ids): a leak would show B's subject.
        const observableList = op.body?.type === 'array' && op.body.items?.properties?.type && op.body.items?.properties?.value
        const body = observableList ? JSON.stringify([{ type: 'email', value: 'sender@example.com' }])
          : op.body && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method) ? JSON.stringify(sample(op.body)) : undefined
        // The route as is, then each query parameter set to each of B's identifiers (a filter, a search, a module id).
        const variants: Array<Array<readonly [string, string]>> = [required]
        for (const p of op.parameters.filter((x) => x.in === 'query')) {
          for (const id of bIds) variants.push([...required.filter(([k]) => k !== p.name), [p.name, id]])
        }
        for (const query of variants) {
          const qs = query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
          const target_ = qs ? `${path}?${qs}` : path
          const res = await send(target.url, { method: op.method, path: target_, headers: { ...auth.valid, ...(body ? { 'content-type': 'application/json' } : {}) }, body })
          calls++
          const where = `${op.service} ${op.method} ${target_.slice(0, 160)} → ${res.status}`
          // A route ctrmock declares not implemented answers 501 to everyone: it cannot reach B's data.
          if (res.status >= 500 && !(res.status === 501 && op.notImplemented)) violations.push(`${where}: ${res.text.slice(0, 200)}`)
          if (aimed && res.status < 300) violations.push(`${where}: A's credentials reached B's resource: ${res.text.slice(0, 200)}`)
          const leaked = mentionsB(res.text).filter((id) => !decodeURIComponent(target_).includes(id))
          if (leaked.length) violations.push(`${where}: the answer names B's ${leaked.join(', ')}`)
        }
      }
    }
    t.comment(`${calls} calls with org A's credentials against org B's resources`)
    // The probe is not blind: with B's own credentials, the same calls do show B's data.
    const bAuth = { authorization: `Bearer ${b.accessToken}`, 'content-type': 'application/json' }
    const ownDevices = await send(world.stack.urls['sse-americas'], { method: 'GET', path: '/api/v1/devices', headers: bAuth })
    const ownSightings = await send(world.stack.urls.ctr, { method: 'POST', path: '/iroh/iroh-enrich/observe/observables', headers: bAuth, body: JSON.stringify([{ type: 'email', value: 'sender@example.com' }]) })
    t.ok(ownDevices.text.includes(b.deviceId) && ownSightings.text.includes('mail of org B'), "B's own credentials see what A's never did")
    t.same(violations, [], 'no route lets org A touch org B')
    const after = await snapshotAll(world.databases)
    const touched = Object.keys(before).flatMap((name) => differences(before[name]! as Snapshot, after[name]! as Snapshot, notB))
    t.same(touched, [], "no row of org B's changed")
  })

  t.test('per-org control-plane operations stay within their org', async (t) => {
    const ctr = world.cloud.controlPlanes.ctr
    const path = '/iroh/iroh-int/module-instance'
    await ctr.addFault({ match: { path, org: b.tenant.namOrg.orgId }, action: { type: 'error', status: 503 } })
    t.equal((await a.tenant.ctr.http.request('GET', path, { accept: [503] })).status, 200, "B's fault does not fire for A")
    t.equal((await b.tenant.ctr.http.request('GET', path, { accept: [503] })).status, 503, 'it fires for B')
    t.equal(await ctr.clearFaults(a.tenant.namOrg.orgId), 0, "clearing A's faults removes none of B's")
    t.equal((await ctr.faults()).length, 1, "B's fault is still there")
    await ctr.clearFaults(b.tenant.namOrg.orgId)

    // A's calls, even those aimed at B's resources, are journaled as A's: B's journal does not grow.
    const journalB = (await ctr.journal({ org: b.tenant.namOrg.orgId, limit: 1000 })).length
    const journalA = (await ctr.journal({ org: a.tenant.namOrg.orgId, limit: 1000 })).length
    for (const id of [b.moduleInstanceId, b.moduleTypeId]) await a.tenant.ctr.http.request('GET', `/iroh/iroh-int/module-instance/${id}`, { accept: [404] })
    t.equal((await ctr.journal({ org: b.tenant.namOrg.orgId, limit: 1000 })).length, journalB, "B's journal does not grow with A's calls")
    t.equal((await ctr.journal({ org: a.tenant.namOrg.orgId, limit: 1000 })).length, journalA + 2, "A's journal has them")

    const clockOf = async (org: string) => Date.parse((await ctr.http.json<{ now: string }>('GET', '/__mock/clock', { query: { org } })).now)
    const clockB = await clockOf(b.tenant.namOrg.orgId)
    await ctr.setClock({ org: a.tenant.namOrg.orgId, advance: '1d' })
    t.ok(await clockOf(a.tenant.namOrg.orgId) - Date.now() > 86_000_000, "A's clock moved a day")
    t.ok(Math.abs(await clockOf(b.tenant.namOrg.orgId) - clockB) < 60_000, "moving A's clock does not move B's")
    await ctr.setClock({ org: a.tenant.namOrg.orgId, reset: true })

    const before = await snapshotAll(world.databases)
    for (const [name, plane] of Object.entries(world.cloud.controlPlanes)) {
      const org = name === 'esa' ? a.tenant.appliance.orgId : name.startsWith('ctr') ? a.tenant.namOrg.orgId : a.tenant.namOrg.orgId
      await plane.reset(org)
    }
    const after = await snapshotAll(world.databases)
    const touched = Object.keys(before).flatMap((name) => differences(before[name]!, after[name]!, notB))
    t.same(touched, [], "resetting org A leaves every row of B's")
    const { sightings } = await b.tenant.investigate('email_subject:"mail of org B"')
    t.equal(sightings.length, 1, 'and B still works end to end')
  })
})
