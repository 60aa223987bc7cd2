// SecureX's dashboard as Cisco's dashboard scripts read it (`GET /iroh/iroh-dashboard/tiles`, then each tile's
// `data_url` with `?period=`), over relay modules that answer as Cisco's relay template does, and module types declared
// as Cisco's dashboard relays declare theirs (supported-apis with tiles, tiles/tile and tiles/tile-data).
import { test, type Test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { startServerlessRelay } from '../../../../test/support/serverless-relay.ts'

const RELAY = builtinModuleTypeId('relay', 'NAM')
const DASHBOARD_APIS = ['health', 'observe/observables', 'deliberate/observables', 'refer/observables', 'respond/observables', 'respond/trigger', 'tiles', 'tiles/tile', 'tiles/tile-data']
const TILE = { id: 'device_summary', type: 'metric_group', title: 'Device summary', periods: ['last_24_hours', 'last_7_days'], short_description: 'Devices', description: 'Devices online and offline', tags: ['devices'] }
const TILE_DATA = {
  observed_time: { start_time: '2026-12-07T00:00:00.000Z', end_time: '2026-12-08T00:00:00.000Z' },
  valid_time: { start_time: '2026-12-08T00:00:00.000Z', end_time: '2026-12-08T00:05:00.000Z' },
  cache_scope: 'org', period: 'last_24_hours', key_type: 'timestamp', x_vendor: { kept: true },
  data: [{ key: 1796601600000, value: 3 }, { key: 1796605200000, value: 5 }],
}

async function setUp(t: Test) {
  const n = await buildNeighbourhood(t)
  const dashboardRelay = await startServerlessRelay({ secret: 'dashboard-secret' })
  t.teardown(() => dashboardRelay.close())
  const plainRelay = await startServerlessRelay({ secret: 'plain-secret' })
  t.teardown(() => plainRelay.close())
  const org = await orgWithToken(n.app)
  const post = async (url: string, payload: Record<string, unknown>) => {
    const res = await n.app.inject({ method: 'POST', url, headers: org.auth, payload })
    t.equal(res.statusCode, 200, res.body)
    return res.json() as { id: string }
  }
  // The module type as a dashboard relay's installer script posts it.
  const type = await post('/iroh/iroh-int/module-type', {
    title: 'Devices Relay', default_name: 'Devices', short_description: 'Devices', description: 'A relay with a dashboard',
    configuration_spec: [{ key: 'url', type: 'string', label: 'URL', required: true }, { key: 'authorization-header', type: 'password', label: 'Authorization', required: true }],
    capabilities: [{ id: 'health', description: '' }, { id: 'observe', description: '' }],
    properties: { 'supported-apis': DASHBOARD_APIS, 'auth-type': 'authorization-header' }, flags: ['serverless'],
  })
  const dashboard = await post('/iroh/iroh-int/module-instance', { name: 'Devices', module_type_id: type.id, visibility: 'org', settings: { url: dashboardRelay.url, 'authorization-header': dashboardRelay.authorization } })
  const plain = await post('/iroh/iroh-int/module-instance', { name: 'Plain relay', module_type_id: RELAY, visibility: 'org', settings: { url: plainRelay.url, 'authorization-header': plainRelay.authorization } })
  const get = (url: string) => n.app.inject({ method: 'GET', url, headers: org.auth })
  return { n, org, dashboardRelay, plainRelay, dashboard, plain, get }
}

test('a relay that declares a dashboard is added, enriches, and lists its tiles with where their data is', async (t) => {
  const { n, org, dashboardRelay, plainRelay, dashboard, get } = await setUp(t)
  dashboardRelay.on('/tiles', () => ({ data: [TILE] }))
  const observe = await n.app.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers: org.auth, payload: [{ type: 'ip', value: '10.0.0.1' }] })
  t.same(observe.json().errors, [], 'the declared dashboard APIs do not make its configuration invalid')

  const tiles = await get('/iroh/iroh-dashboard/tiles')
  t.equal(tiles.statusCode, 200)
  t.same(tiles.json(), {
    data: [{ ...TILE, module: 'Devices', module_instance_id: dashboard.id, data_url: `/iroh/iroh-dashboard/tiles/${dashboard.id}/device_summary/data` }],
    errors: [],
  })
  t.match(dashboardRelay.calls.at(-1), { path: '/tiles', authorization: dashboardRelay.authorization })
  t.notOk(plainRelay.calls.some((c) => c.path.startsWith('/tiles')), 'a relay that declares no dashboard is not asked for one')
})

test('a tile\'s data_url with a period answers the module\'s data as it sent it', async (t) => {
  const { dashboardRelay, dashboard, plain, get } = await setUp(t)
  dashboardRelay.on('/tiles/tile-data', () => ({ data: TILE_DATA }))
  const url = `/iroh/iroh-dashboard/tiles/${dashboard.id}/device_summary/data`
  const res = await get(`${url}?period=last_24_hours`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: TILE_DATA, errors: [] }, 'fields the dashboard does not know are kept')
  t.same(dashboardRelay.calls.at(-1)?.body, { tile_id: 'device_summary', period: 'last_24_hours' }, 'the relay template\'s field names')

  t.match((await get(url)).json(), { error: 'invalid_request', error_description: /period is required/ })
  t.equal((await get(`/iroh/iroh-dashboard/tiles/nope/device_summary/data?period=last_24_hours`)).statusCode, 404)
  t.match((await get(`/iroh/iroh-dashboard/tiles/${plain.id}/device_summary/data?period=last_24_hours`)).json(),
    { error: 'not_found', error_description: `Module instance ${plain.id} has no dashboard tile device_summary` })
})

test('a module that fails is an errors[] entry with its ids, never a failed call', async (t) => {
  const { dashboardRelay, dashboard, get } = await setUp(t)
  dashboardRelay.on('/tiles', () => ({ data: [TILE, { title: 'no id' }] }))
  const tiles = (await get('/iroh/iroh-dashboard/tiles')).json()
  t.same(tiles.data.map((tile: { id: string }) => tile.id), ['device_summary'])
  t.match(tiles.errors, [{ module: 'Devices', module_instance_id: dashboard.id, code: 'invalid module response' }])

  const asRelay = await get(`/iroh/iroh-dashboard/tiles/${dashboard.id}/device_summary/data?period=`)
  t.equal(asRelay.statusCode, 400, 'an empty period is refused before the module is asked')
  await dashboardRelay.close()
  const down = await get(`/iroh/iroh-dashboard/tiles/${dashboard.id}/device_summary/data?period=last_7_days`)
  t.equal(down.statusCode, 200)
  t.match(down.json(), { data: null, errors: [{ module: 'Devices', module_instance_id: dashboard.id, code: 'connection error' }] })
  t.match((await get('/iroh/iroh-dashboard/tiles')).json(), { data: [], errors: [{ code: 'connection error' }] })
})
