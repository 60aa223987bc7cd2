// Responses leave in bursts at the end of the event loop's turn: every client must still get its own answer, in
// order on a pipelined connection, errors and empty bodies included, and a lone request must not wait for company.
import t, { type Test } from 'tap'
import { Pool } from 'undici'
import { Type } from '@sinclair/typebox'
import { listen } from '../../src/index.ts'
import { buildTinyService } from '../control-plane/helper.ts'

async function echoService(t: Test) {
  const app = await buildTinyService(t)
  app.get('/echo/:n', { schema: { params: Type.Object({ n: Type.Integer() }) } }, async (request, reply) => {
    const { n } = request.params
    if (n % 7 === 0) return reply.code(404).send({ error: 'not_found', error_description: `no ${n}` })
    if (n % 5 === 0) return reply.code(204).send()
    return { n, text: 'x'.repeat(n) }
  })
  return listen(app, 0)
}

function expected(n: number) {
  if (n % 7 === 0) return { status: 404, body: { error: 'not_found', error_description: `no ${n}` } }
  if (n % 5 === 0) return { status: 204, body: undefined }
  return { status: 200, body: { n, text: 'x'.repeat(n) } }
}

async function get(pool: Pool, n: number) {
  const res = await pool.request({ path: `/echo/${n}`, method: 'GET' })
  const text = await res.body.text()
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined }
}

t.test('200 concurrent requests over 20 connections each get their own answer', async (t) => {
  const pool = new Pool(await echoService(t), { connections: 20 })
  t.teardown(() => pool.close())
  const ns = Array.from({ length: 200 }, (_, i) => i + 1)
  const answers = await Promise.all(ns.map((n) => get(pool, n)))
  t.same(answers, ns.map(expected))
})

t.test('pipelined requests on one connection come back in order, each with its own answer', async (t) => {
  const pool = new Pool(await echoService(t), { connections: 1, pipelining: 16 })
  t.teardown(() => pool.close())
  const ns = Array.from({ length: 64 }, (_, i) => i + 1)
  const answers = await Promise.all(ns.map((n) => get(pool, n)))
  t.same(answers, ns.map(expected))
})

t.test('a lone request is answered without waiting for company', async (t) => {
  const pool = new Pool(await echoService(t), { connections: 1 })
  t.teardown(() => pool.close())
  // One at a time: a burst that waited for a second response would never leave.
  for (const n of [1, 5, 7, 3]) t.same(await get(pool, n), expected(n))
})

t.test('a reply that cannot be written becomes an error reply, and the burst around it still leaves', async (t) => {
  const app = await buildTinyService(t)
  app.get('/bad-header', async (_request, reply) => reply.header('x-broken', 'line\nbreak').send({ ok: true }))
  app.get('/fine/:n', async (request) => ({ n: (request.params as { n: string }).n }))
  const pool = new Pool(await listen(app, 0), { connections: 4 })
  t.teardown(() => pool.close())
  const [before, bad, after] = await Promise.all([
    pool.request({ path: '/fine/1', method: 'GET' }),
    pool.request({ path: '/bad-header', method: 'GET' }),
    pool.request({ path: '/fine/2', method: 'GET' }),
  ])
  t.same(await before.body.json(), { n: '1' })
  t.same(await after.body.json(), { n: '2' })
  // As without batching: Fastify answers a write it cannot make with its own 500.
  t.equal(bad.statusCode, 500)
  await bad.body.dump()
})
