// The dashboard's rules without HTTP: how module answers become the tile list, and a tile's data.
import { test } from 'tap'
import { dashboardTiles, tileData, tileDataUrl, tilePeriod } from '../../src/domain/dashboard.ts'

const REF = { name: 'Devices', instanceId: 'mi/1', typeId: 'type-1' }

test('each module\'s tiles, its fields kept, with the module and an escaped data_url', async (t) => {
  const { data, errors } = dashboardTiles([{ module: REF, data: [{ id: 'a b', title: 'A', periods: ['last_hour'], extra: 1 }], errors: [] }])
  t.same(data, [{ id: 'a b', title: 'A', periods: ['last_hour'], extra: 1, module: 'Devices', module_instance_id: 'mi/1', data_url: '/iroh/iroh-dashboard/tiles/mi%2F1/a%20b/data' }])
  t.same(errors, [])
  t.equal(tileDataUrl('mi/1', 'a b'), data[0]!.data_url)
})

test('what cannot be a tile is the module\'s error; its other tiles and its own errors stay', async (t) => {
  const { data, errors } = dashboardTiles([
    { module: REF, data: [{ id: 'ok' }, { id: '' }, 'text'], errors: [{ type: 'warning', code: 'slow', message: 'slow upstream' }] },
    { module: { ...REF, name: 'Other', instanceId: 'mi-2' }, data: { id: 'not a list' }, errors: [] },
  ])
  t.same(data.map((tile) => tile.id), ['ok'])
  t.match(errors, [
    { module: 'Devices', code: 'slow', type: 'warning' },
    { module: 'Devices', module_instance_id: 'mi/1', module_type_id: 'type-1', code: 'invalid module response' },
    { module: 'Other', module_instance_id: 'mi-2', code: 'invalid module response' },
  ])
})

test('a tile\'s data is the module\'s, null when it sent none; a module without a dashboard has no such tile', async (t) => {
  t.same(tileData(REF, 'x', { module: REF, data: { data: [1] }, errors: [] }), { data: { data: [1] }, errors: [] })
  t.match(tileData(REF, 'x', { module: REF, errors: [{ type: 'fatal', code: 'request timeout', message: 'late' }] }), { data: null, errors: [{ code: 'request timeout' }] })
  t.throws(() => tileData(REF, 'x', undefined), { code: 'not_found', status: 404 })
  t.equal(tilePeriod('last_7_days'), 'last_7_days')
  t.throws(() => tilePeriod(' '), { code: 'invalid_request' })
  t.throws(() => tilePeriod(undefined), { code: 'invalid_request' })
})
