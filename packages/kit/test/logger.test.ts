// A request's log lines: they carry the request id the client saw, credentials are redacted, children keep both,
// and levels below the service's level write nothing.
import t, { type Test } from 'tap'
import { Writable } from 'node:stream'
import { buildService, loggerOptions } from '../src/index.ts'
import { createTestDatabase } from '../src/testing/index.ts'

async function loggingService(t: Test, level: string) {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done() } })
  const app = await buildService({
    service: 'tiny', errorShape: 'iroh', databaseUrl: (await createTestDatabase(t)).url,
    logger: { ...loggerOptions(level, false), stream } as never,
  })
  app.post('/log', async (request) => {
    const body = request.body as { level: 'warn' | 'info'; secret?: string }
    request.log[body.level]({ login: { user: 'u', password: body.secret } }, 'logged by the route')
    request.log.child({ step: 'child' }).warn('logged by a child')
    return { ok: true }
  })
  t.teardown(() => app.close())
  return { app, lines }
}

t.test('a warning carries the request id and hides the password; its child keeps both', async (t) => {
  const { app, lines } = await loggingService(t, 'warn')
  const res = await app.inject({ method: 'POST', url: '/log', headers: { 'x-request-id': 'req-42' }, payload: { level: 'warn', secret: 'hunter2' } })
  t.equal(res.statusCode, 200)
  const route = lines.find((l) => l.msg === 'logged by the route')
  const child = lines.find((l) => l.msg === 'logged by a child')
  t.equal(route?.reqId, 'req-42')
  t.same(route?.login, { user: 'u', password: '[redacted]' })
  t.equal(child?.reqId, 'req-42')
  t.equal(child?.step, 'child')
  t.notOk(JSON.stringify(lines).includes('hunter2'), 'the password appears nowhere')
})

t.test('below the service level a request writes nothing; at info the request lines carry its id', async (t) => {
  const quiet = await loggingService(t, 'warn')
  await quiet.app.inject({ method: 'POST', url: '/log', payload: { level: 'info' } })
  t.same(quiet.lines.map((l) => l.msg), ['logged by a child'], 'only the child’s warning, no request lines')

  const chatty = await loggingService(t, 'info')
  await chatty.app.inject({ method: 'POST', url: '/log', headers: { 'x-request-id': 'req-7' }, payload: { level: 'info' } })
  const messages = chatty.lines.filter((l) => l.reqId === 'req-7').map((l) => l.msg)
  t.same(messages, ['incoming request', 'logged by the route', 'logged by a child', 'request completed'])
})
