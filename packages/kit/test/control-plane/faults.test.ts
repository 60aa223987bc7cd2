import t from 'tap'
import { buildTinyService } from './helper.ts'
import { listen } from '../../src/index.ts'

t.test('a fault with times 2 fires exactly twice and both firings are journaled', async (t) => {
  const app = await buildTinyService(t)
  const created = await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/*' }, action: { type: 'error', status: 503 }, times: 2 } })
  t.equal(created.statusCode, 201)
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await app.inject('/things/a')).statusCode)
  t.same(statuses, [503, 503, 200, 200])
  const body = (await app.inject('/things/a')).json()
  t.same(body, { id: 'a' })
  const journal = (await app.inject('/__mock/journal?hasFault=true')).json()
  t.equal(journal.count, 2)
  t.ok(journal.entries.every((e: { fault: { id: string }; status: number }) => e.fault.id === created.json().id && e.status === 503))
  const listed = (await app.inject('/__mock/faults')).json().faults[0]
  t.same({ fired: listed.fired, remaining: listed.remaining }, { fired: 2, remaining: 0 })
})

t.test('an injected error uses the vendor shape unless a body is given', async (t) => {
  const app = await buildTinyService(t, { errorShape: 'asyncos' })
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { method: 'GET', path: '/things/**' }, action: { type: 'error', status: 500 } } })
  const res = await app.inject('/things/x')
  t.equal(res.statusCode, 500)
  t.equal(res.json().error.code, '500')
  await app.inject({ method: 'DELETE', url: '/__mock/faults' })
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/x' }, action: { type: 'error', status: 429, body: { custom: true } } } })
  const custom = await app.inject('/things/x')
  t.same([custom.statusCode, custom.json()], [429, { custom: true }])
})

t.test('a seeded 50% fault gives the same sequence twice', async (t) => {
  const app = await buildTinyService(t)
  const run = async () => {
    await app.inject({ method: 'DELETE', url: '/__mock/faults' })
    await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/*' }, action: { type: 'error', status: 500 }, probability: 0.5, seed: 42 } })
    const seq = []
    for (let i = 0; i < 24; i++) seq.push((await app.inject('/things/a')).statusCode)
    return seq
  }
  const first = await run()
  const second = await run()
  t.same(first, second)
  t.ok(first.includes(500) && first.includes(200), `both outcomes occur: ${first.join(',')}`)
})

t.test('faults match on method, org and region', async (t) => {
  const app = await buildTinyService(t)
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { method: 'POST', path: '/things/*' }, action: { type: 'error', status: 500 } } })
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/*', org: 'org-b' }, action: { type: 'error', status: 502 } } })
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/*', region: 'EUROPE' }, action: { type: 'error', status: 504 } } })
  t.equal((await app.inject('/things/a')).statusCode, 200, 'GET, no org, AMERICAS service: no match')
  t.equal((await app.inject({ url: '/things/a', headers: { 'x-ctrmock-org': 'org-b' } })).statusCode, 502)
  t.equal((await app.inject({ url: '/things/a', headers: { 'x-ctrmock-org': 'org-a' } })).statusCode, 200)
})

t.test('latency, reset and timeout act on a real connection', async (t) => {
  const app = await buildTinyService(t)
  const base = await listen(app, 0)
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/slow' }, action: { type: 'latency', delayMs: 150 } } })
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/reset' }, action: { type: 'reset' } } })
  await app.inject({ method: 'POST', url: '/__mock/faults', payload: { match: { path: '/things/hang' }, action: { type: 'timeout', delayMs: 5000 } } })
  const started = Date.now()
  const slow = await fetch(`${base}/things/slow`)
  t.equal(slow.status, 200)
  t.ok(Date.now() - started >= 140, 'answered after the injected latency')
  await t.rejects(fetch(`${base}/things/reset`), 'connection reset')
  await t.rejects(fetch(`${base}/things/hang`, { signal: AbortSignal.timeout(300) }), 'no answer before the client gives up')
  const journal = (await app.inject('/__mock/journal?hasFault=true')).json()
  t.same(journal.entries.map((e: { fault: { type: string } }) => e.fault.type).sort(), ['latency', 'reset', 'timeout'])
})

t.test('bad fault rules are refused with a 400 naming the field', async (t) => {
  const app = await buildTinyService(t)
  for (const payload of [
    { match: { path: '/x' }, action: { type: 'explode' } },
    { match: {}, action: { type: 'error' } },
    { match: { path: '/x' }, action: { type: 'error', status: 200 } },
    { match: { path: '^([' }, action: { type: 'error' } },
    { match: { path: '/x' }, action: { type: 'error' }, probability: 2 },
  ]) {
    const res = await app.inject({ method: 'POST', url: '/__mock/faults', payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.equal(res.json().error, 'invalid_request')
  }
  const garbage = await app.inject({ method: 'POST', url: '/__mock/faults', payload: '{not json', headers: { 'content-type': 'application/json' } })
  t.equal(garbage.statusCode, 400)
  t.equal(garbage.json().error, 'invalid_request')
  t.equal((await app.inject('/__mock/faults')).json().faults.length, 0)
})
