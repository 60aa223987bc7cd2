import t from 'tap'
import { buildTinyService } from './helper.ts'
import { createTestDatabase } from '../../src/testing/index.ts'

t.test('advancing the clock moves the time the domain sees', async (t) => {
  const app = await buildTinyService(t)
  const before = new Date((await app.inject('/now')).json().now).getTime()
  const put = await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '2h' } })
  t.equal(put.statusCode, 200)
  const after = new Date((await app.inject('/now')).json().now).getTime()
  t.ok(after - before >= 2 * 3_600_000 && after - before < 2 * 3_600_000 + 5_000, 'now moved by two hours')
})

t.test('a frozen clock stands still until advanced', async (t) => {
  const app = await buildTinyService(t)
  const frozen = (await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { freeze: true } })).json()
  t.equal(frozen.frozen, true)
  // Serve requests until the real time has moved past the frozen instant; the clock still reads that instant.
  const frozenAt = new Date(frozen.now).getTime()
  for (let i = 0; i < 10_000 && Date.now() <= frozenAt + 1; i++) await app.inject('/now')
  t.ok(Date.now() > frozenAt + 1, 'the real time moved on')
  t.equal((await app.inject('/now')).json().now, frozen.now)
  const advanced = (await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '1s' } })).json()
  t.equal(new Date(advanced.now).getTime() - new Date(frozen.now).getTime(), 1000)
  const reset = (await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { reset: true } })).json()
  t.same({ offsetMs: reset.offsetMs, frozen: reset.frozen }, { offsetMs: 0, frozen: false })
})

t.test('a replica sharing the database learns of a clock change', async (t) => {
  const { url } = await createTestDatabase(t)
  const first = await buildTinyService(t, { databaseUrl: url })
  const second = await buildTinyService(t, { databaseUrl: url })
  await first.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '1d' } })
  let offset = 0
  for (let i = 0; i < 50 && offset === 0; i++) {
    await new Promise((r) => setTimeout(r, 20))
    offset = (await second.inject('/__mock/clock')).json().offsetMs
  }
  t.equal(offset, 86_400_000)
})

t.test('bad clock input is a 400 in the service error shape', async (t) => {
  const app = await buildTinyService(t)
  const res = await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: 'soon' } })
  t.equal(res.statusCode, 400)
  t.equal(res.json().error, 'invalid_request')
  t.match(res.json().error_description, /advance/)
  const esa = await buildTinyService(t, { errorShape: 'asyncos' })
  const bad = await esa.inject({ method: 'PUT', url: '/__mock/clock', payload: { freeze: 'yes please' } })
  t.equal(bad.statusCode, 400)
  t.same(Object.keys(bad.json().error).sort(), ['code', 'explanation', 'message'])
  t.equal(bad.json().error.code, '400')
})

t.test('an org clock moves only that org’s time', async (t) => {
  const app = await buildTinyService(t)
  const orgNow = async (org: string) => new Date((await app.inject({ url: '/now', headers: { 'x-ctrmock-org': org } })).json().now).getTime()
  const put = await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: 'org-a', advance: '3h' } })
  t.equal(put.json().offsetMs, 3 * 3_600_000)
  const [a, b] = [await orgNow('org-a'), await orgNow('org-b')]
  t.ok(a - b >= 3 * 3_600_000 - 1_000 && a - b <= 3 * 3_600_000 + 1_000, 'org-a is three hours ahead of org-b')
  t.equal((await app.inject('/__mock/clock?org=org-b')).json().offsetMs, 0)
  await app.inject({ method: 'POST', url: '/__mock/reset', payload: { org: 'org-a' } })
  t.equal((await app.inject('/__mock/clock?org=org-a')).json().offsetMs, 0, 'reset of the org resets its clock')
})

t.test('an org reads its own time after the request awaited, from the first request after the clock was set', async (t) => {
  const app = await buildTinyService(t)
  const later = async (org: string) => new Date((await app.inject({ url: '/now-after-query', headers: { 'x-ctrmock-org': org } })).json().now).getTime()
  const before = await later('org-a')
  await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: 'org-a', advance: '1d' } })
  const [a, b] = await Promise.all([later('org-a'), later('org-b')])
  t.ok(a - before >= 86_400_000 && a - before < 86_400_000 + 5_000, 'org-a is a day ahead after the await')
  t.ok(b - before < 5_000, 'org-b, served at the same time, still reads the service time')
  await app.inject({ method: 'POST', url: '/__mock/reset', payload: { org: 'org-a' } })
  t.ok((await later('org-a')) - before < 5_000, 'after the reset org-a reads the service time again')
})
