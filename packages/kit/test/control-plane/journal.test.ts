import t from 'tap'
import { buildTinyService } from './helper.ts'

t.test('the journal drops its oldest entries at its bound', async (t) => {
  const app = await buildTinyService(t, { journalSize: 5 })
  for (let i = 1; i <= 8; i++) await app.inject(`/things/${i}`)
  const journal = (await app.inject('/__mock/journal')).json()
  t.equal(journal.size, 5)
  t.same(journal.entries.map((e: { path: string }) => e.path), ['/things/4', '/things/5', '/things/6', '/things/7', '/things/8'])
})

t.test('journal entries can be filtered and cleared', async (t) => {
  const app = await buildTinyService(t)
  await app.inject({ url: '/things/1', headers: { 'x-ctrmock-org': 'org-a' } })
  await app.inject({ url: '/nowhere', headers: { 'x-ctrmock-org': 'org-b' } })
  const a = (await app.inject('/__mock/journal?org=org-a')).json()
  t.same(a.entries.map((e: { path: string; status: number }) => [e.path, e.status]), [['/things/1', 200]])
  const missing = (await app.inject('/__mock/journal?status=404')).json()
  t.same(missing.entries.map((e: { org: string }) => e.org), ['org-b'])
  t.equal((await app.inject({ method: 'DELETE', url: '/__mock/journal?org=org-a' })).json().deleted, 1)
  t.equal((await app.inject('/__mock/journal')).json().count, 1)
  const bad = await app.inject('/__mock/journal?limit=-3')
  t.equal(bad.statusCode, 400)
})

t.test('reset of one org leaves the other orgs', async (t) => {
  const resets: Array<string | undefined> = []
  const app = await buildTinyService(t, { resets })
  for (const org of ['org-a', 'org-b']) {
    await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/never', org }, action: { type: 'error' } } })
    await app.inject({ url: '/things/1', headers: { 'x-ctrmock-org': org } })
  }
  const res = await app.inject({ method: 'POST', url: '/__mock/reset', payload: { org: 'org-a' } })
  t.equal(res.statusCode, 200)
  t.same(resets, ['org-a'], 'the service reset only org-a')
  const faults = (await app.inject('/__mock/faults')).json().faults
  t.same(faults.map((f: { match: { org: string } }) => f.match.org), ['org-b'])
  const journal = (await app.inject('/__mock/journal')).json()
  t.same(journal.entries.map((e: { org: string }) => e.org), ['org-b'])
  await app.inject({ method: 'POST', url: '/__mock/reset' })
  t.same(resets, ['org-a', undefined])
  t.equal((await app.inject('/__mock/faults')).json().faults.length, 0)
})

t.test('health and readiness report the service', async (t) => {
  const app = await buildTinyService(t)
  const health = (await app.inject('/__mock/health')).json()
  t.match(health, { status: 'ok', service: 'tiny', region: 'AMERICAS' })
  const ready = await app.inject('/__mock/ready')
  t.equal(ready.statusCode, 503, 'not listening yet under inject')
  t.same(ready.json().checks, { database: true, disk: true, listening: false })
  t.same(ready.json().reasons, undefined, 'a check that only answers false gives no reason')
  const docs = await app.inject('/documentation/json')
  t.ok(docs.json().paths['/__mock/faults'], 'control plane is documented')
})

t.test('unknown routes answer in the vendor shape', async (t) => {
  const app = await buildTinyService(t)
  const res = await app.inject('/no/such/route')
  t.equal(res.statusCode, 404)
  t.same(Object.keys(res.json()).sort(), ['error', 'error_description'])
})

t.test('malformed URLs and NUL characters get a 400 in the vendor shape', async (t) => {
  const app = await buildTinyService(t, { errorShape: 'asyncos' })
  for (const request of [
    { url: '/things/%FF%FE' },
    { url: '/things/a%00b' },
    { method: 'POST' as const, url: '/__mock/faults', payload: '{"match":{"path":"/a\\u0000"},"action":{"type":"error"}}', headers: { 'content-type': 'application/json' } },
  ]) {
    const res = await app.inject(request)
    t.equal(res.statusCode, 400, request.url)
    t.equal(res.json().error.code, '400')
  }
  t.equal((await app.inject('/__mock/faults')).json().faults.length, 0, 'nothing was stored')
})
