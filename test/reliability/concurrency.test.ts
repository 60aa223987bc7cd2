// Races a user can start from a CI farm: one registration token claimed by a hundred devices at once, modules and
// devices appearing and disappearing while enrichments run, whole tech-note scenarios in parallel orgs.
import t from 'tap'
import { startWorld, integratedOrg } from './helpers/world.ts'
import { send, pool } from './helpers/raw-http.ts'
import { SCALE } from './helpers/random.ts'
import { hasErrorShape } from './helpers/openapi.ts'

const json = { 'content-type': 'application/json' }

t.test('concurrency', async (t) => {
  // Module calls may queue behind the load on a busy CI machine: give them time, so a slow answer is not an error.
  const world = await startWorld(t, { MODULE_TIMEOUT_MS: '30000' })
  const sse = world.stack.urls['sse-americas']

  t.test('a registration token is redeemed exactly once by 100 concurrent claims', async (t) => {
    const tenant = await world.cloud.createTenant()
    const claims = 100 * SCALE
    const [token] = (await tenant.sseAmericas.generateTokens(1, '1h')).tokens
    const answers = await Promise.all(Array.from({ length: claims }, (_, i) => send(sse, {
      method: 'POST', path: '/device/v1/registrations', headers: json,
      body: JSON.stringify({ token: token!.token, device: { name: `race-${i}`, type: 'ESA', version: '13.0.0-392', serialNumber: `RACE${i}`, ip: '127.0.0.1', callbackUrl: 'http://127.0.0.1:9/device' } }),
    })))
    const won = answers.filter((a) => a.status === 201)
    const refused = answers.filter((a) => a.status === 401 && (a.json as { error?: string }).error === 'invalid_token')
    t.equal(won.length, 1, 'one claim wins')
    t.equal(refused.length, claims - 1, 'every other claim gets invalid_token')
    t.equal(answers.filter((a) => a.status >= 500).length, 0, 'no claim fails with a 5xx')
    const { devices, total } = await tenant.sseAmericas.devices({ search: 'race-' })
    t.equal(total, 1, 'one device registered')
    const winner = won[0]!.json as { deviceId: string }
    t.equal(devices[0]?.id, winner.deviceId, 'the registered device is the winner')
    const used = await tenant.sseAmericas.tokens('used')
    t.same(used.map((u) => [u.token, u.deviceId]), [[token!.token, winner.deviceId]], 'the token is used, by the winner')
  })

  t.test('ten tokens claimed by twenty devices each: ten winners, one per token', async (t) => {
    const tenant = await world.cloud.createTenant()
    const { tokens } = await tenant.sseAmericas.generateTokens(10, '1h')
    const attempts = tokens.flatMap((tk, i) => Array.from({ length: 20 * SCALE }, (_, j) => ({ token: tk.token, name: `multi-${i}-${j}` })))
    const answers = await pool(attempts, 64, (a) => send(sse, {
      method: 'POST', path: '/device/v1/registrations', headers: json,
      body: JSON.stringify({ token: a.token, device: { name: a.name, type: 'ESA', version: '13.0.0-392', serialNumber: a.name, ip: '127.0.0.1', callbackUrl: 'http://127.0.0.1:9/device' } }),
    }))
    t.equal(answers.filter((a) => a.status === 201).length, 10, 'ten registrations')
    t.equal(answers.filter((a) => a.status >= 500).length, 0, 'no 5xx')
    t.equal((await tenant.sseAmericas.devices({ search: 'multi-', limit: 100 })).total, 10, 'ten devices')
    t.equal((await tenant.sseAmericas.tokens('used')).length, 10, 'ten used tokens')
  })

  t.test('module instances created and deleted, and the device deleted, while enrichments run', async (t) => {
    const org = await integratedOrg(world, 'race subject')
    const ctr = world.stack.urls.ctr
    const auth = { authorization: `Bearer ${org.accessToken}`, ...json }
    const esaType = await org.tenant.ctr.moduleTypeByTitle('Email Security Appliance')
    const enrich = () => send(ctr, { method: 'POST', path: '/iroh/iroh-enrich/observe/observables', headers: auth, body: JSON.stringify([{ type: 'email_subject', value: 'race subject' }]) })
    const createModule = (i: number) => send(ctr, {
      method: 'POST', path: '/iroh/iroh-int/module-instance', headers: auth,
      body: JSON.stringify({ name: `race module ${i}`, module_type_id: esaType.id, visibility: 'org', enabled: true, settings: { device: org.deviceId, timeframe: 30 } }),
    })
    const rounds = 10 * SCALE
    const [enrichments, created] = await Promise.all([
      pool(Array.from({ length: rounds * 3 }), 6, () => enrich()),
      pool(Array.from({ length: rounds }, (_, i) => i), 3, async (i) => {
        const made = await createModule(i)
        // Every other instance is deleted again straight away, while enrichments may be using it.
        if (made.status === 200 && i % 2 === 1) {
          const id = (made.json as { id: string }).id
          return { made, deleted: await send(ctr, { method: 'DELETE', path: `/iroh/iroh-int/module-instance/${id}`, headers: { authorization: auth.authorization } }) }
        }
        return { made }
      }),
    ])
    t.same(created.filter((c) => c.made.status !== 200).map((c) => c.made.text), [], 'every module instance was created')
    t.same(created.filter((c) => c.deleted && c.deleted.status !== 204).map((c) => c.deleted!.text), [], 'every deletion succeeded')
    t.same(enrichments.filter((e) => e.status !== 200).map((e) => `${e.status} ${e.text.slice(0, 200)}`), [], 'every enrichment answered 200 while modules changed')
    const instances = await org.tenant.ctr.moduleInstances()
    t.equal(instances.filter((i) => i.name.startsWith('race module')).length, Math.ceil(rounds / 2), 'the kept instances are listed, the deleted ones are gone')
    const sightings = (e: typeof enrichments[number]) => ((e.json as { data: Array<{ data: { sightings?: { count: number } } }> }).data ?? [])
      .reduce((n, d) => n + (d.data.sightings?.count ?? 0), 0)
    t.same(enrichments.filter((e) => sightings(e) < 1).map((e) => e.text.slice(0, 300)), [], 'every enrichment found the mail through at least one ESA module')

    // The device leaves SSE while enrichments run: they keep answering 200, reporting the module's failure in errors[].
    const during = pool(Array.from({ length: rounds * 2 }), 6, () => enrich())
    const deleted = await send(sse, { method: 'DELETE', path: `/api/v1/devices/${org.deviceId}`, headers: { authorization: auth.authorization } })
    const racing = await during
    t.equal(deleted.status, 204, 'the device was deleted')
    t.same(racing.filter((e) => e.status !== 200).map((e) => `${e.status} ${e.text.slice(0, 200)}`), [], 'enrichments racing the deletion answered 200')
    const after = await enrich()
    t.equal(after.status, 200, 'an enrichment after the deletion answers 200')
    const errors = (after.json as { errors: unknown[] }).errors
    t.ok(errors.length >= 1, 'and names the failing ESA modules in errors[]')
    t.equal(sightings(after), 0, 'with no sightings from a device that is gone')
  })

  t.test('whole tech-note scenarios run in parallel orgs without seeing each other', async (t) => {
    const count = 4 * SCALE
    const orgs = await Promise.all(Array.from({ length: count }, (_, i) => integratedOrg(world, `parallel subject ${i}`)))
    const results = await Promise.all(orgs.map((o, i) => o.tenant.investigate(`email_subject:"parallel subject ${i}"`)))
    results.forEach((r, i) => t.equal(r.sightings.length, 1, `org ${i} finds its own mail ${r.sightings.length === 1 ? '' : JSON.stringify(r.result.errors)}`))
    const crossed = await Promise.all(orgs.map((o, i) => o.tenant.investigate(`email_subject:"parallel subject ${(i + 1) % count}"`)))
    crossed.forEach((r, i) => t.equal(r.sightings.length, 0, `org ${i} does not find org ${(i + 1) % count}'s mail`))
    const errorShaped = await send(world.stack.urls.ctr, { method: 'GET', path: '/iroh/iroh-int/module-instance/nope', headers: { authorization: `Bearer ${orgs[0]!.accessToken}` } })
    t.ok(hasErrorShape('iroh', errorShaped.json), 'errors keep the vendor shape under load')
  })
})
