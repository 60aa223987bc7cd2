// Enrich against relay modules that behave as Cisco's serverless relay template does, including its failures: a bad
// module never breaks the call; it shows up in errors[] while the other modules' data comes through untouched.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { RelayCrash, startServerlessRelay, type RelayReply } from '../../../../test/support/serverless-relay.ts'

const RELAY = builtinModuleTypeId('relay', 'NAM')
const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
const OBSERVABLES = [{ type: 'domain', value: 'cisco.com' }]

/** A sighting as a newer relay sends it: an extension field, a newer schema version, a nested unknown key. */
const EXTENDED_SIGHTING = {
  id: 'transient:sighting-1', type: 'sighting', schema_version: '1.3.9', source: 'Good relay', confidence: 'High', count: 1,
  observed_time: { start_time: '2026-03-01T00:00:00.000Z' }, observables: OBSERVABLES,
  x_vendor_score: 97, targets: [{ type: 'endpoint', observables: [{ type: 'hostname', value: 'pc1' }], observed_time: { start_time: '2026-03-01T00:00:00.000Z' }, os: 'Windows 11' }],
}

test('a misbehaving relay module is an errors[] entry; enrich still answers 200 with the others\' data', async (t) => {
  const n = await buildNeighbourhood(t)
  const good = await startServerlessRelay({ secret: 'good-secret' })
  t.teardown(() => good.close())
  good.on('/observe/observables', () => ({ data: { sightings: { count: 1, docs: [EXTENDED_SIGHTING] } } }))
  const bad = await startServerlessRelay({ secret: 'bad-secret' })
  t.teardown(() => bad.close())

  async function setUp(badAuthorization: string) {
    const org = await orgWithToken(n.app)
    const add = async (payload: Record<string, unknown>) => {
      const res = await n.app.inject({ method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth, payload: { visibility: 'org', ...payload } })
      if (res.statusCode !== 200) throw new Error(res.body)
      return res.json() as { id: string }
    }
    await add({ name: 'Intel', module_type_id: INTEL, settings: { judgements: 'domain:cisco.com=Clean' } })
    await add({ name: 'Good relay', module_type_id: RELAY, settings: { url: good.url, 'authorization-header': good.authorization } })
    const broken = await add({ name: 'Bad relay', module_type_id: RELAY, settings: { url: bad.url, 'authorization-header': badAuthorization } })
    return { org, broken }
  }

  const cases: Array<{ name: string, reply?: () => RelayReply, authorization?: string, code: string, message: RegExp }> = [
    {
      name: 'a sighting without the fields CTIM requires',
      reply: () => ({ data: { sightings: { count: 1, docs: [{ type: 'sighting', id: 'transient:x', observables: OBSERVABLES }] } } }),
      code: 'invalid module response', message: /^Bad relay answered a document that does not conform to CTIM: \/sightings\/docs\/0/,
    },
    { name: 'a body that is not JSON', reply: () => ({ raw: '<html><body>Bad Gateway</body></html>' }), code: 'invalid payload', message: /other than JSON/ },
    {
      name: 'an unhandled exception: HTTP 500 with {code, message, reason}',
      reply: () => { throw new RelayCrash('builtins.KeyError') },
      code: 'unknown', message: /^The module answered HTTP 500: Something went wrong\. builtins\.KeyError$/,
    },
    { name: 'an authorization error (HTTP 200, errors[])', authorization: 'Bearer not.a.jwt', code: 'authorization error', message: /^Authorization failed: Failed to decode JWT with provided key$/ },
  ]

  for (const c of cases) {
    await t.test(c.name, async (t) => {
      bad.on('/observe/observables', c.reply ?? (() => ({ data: {} })))
      const { org, broken } = await setUp(c.authorization ?? bad.authorization)
      const res = await n.app.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers: org.auth, payload: OBSERVABLES })
      t.equal(res.statusCode, 200)
      const body = res.json()
      t.same(body.data.map((m: { module: string }) => m.module).sort(), ['Good relay', 'Intel'], 'the bad module has no data entry')
      t.match(body.data.find((m: { module: string }) => m.module === 'Intel').data, { judgements: { count: 1 } })
      t.same(body.data.find((m: { module: string }) => m.module === 'Good relay').data, { sightings: { count: 1, docs: [EXTENDED_SIGHTING] } },
        'fields CTIM does not list pass through')
      t.equal(body.errors.length, 1)
      t.match(body.errors[0], { module: 'Bad relay', module_instance_id: broken.id, module_type_id: RELAY, type: 'fatal', code: c.code, message: c.message })
    })
  }

  await t.test('the template\'s own answers: health, and invalid arguments as errors[]', async (t) => {
    bad.on('/observe/observables', () => ({ data: {} }))
    const { org, broken } = await setUp(bad.authorization)
    const health = await n.app.inject({ method: 'POST', url: `/iroh/iroh-enrich/health/${broken.id}`, headers: org.auth })
    t.match(health.json(), { data: { module: 'Bad relay', data: { status: 'ok' } }, errors: [] })
    t.match(bad.calls.at(-1), { path: '/health', authorization: bad.authorization })
    const res = await n.app.inject({ method: 'POST', url: '/iroh/iroh-enrich/deliberate/observables', headers: org.auth, payload: OBSERVABLES })
    t.equal(res.statusCode, 200)
    t.same(res.json().errors, [])
  })
})
