// Ports of the embedded stack: the ESA's SMTP listener asked for a free port binds one itself and the stack reports
// it; a port it cannot take fails the start with the reason instead of leaving an ESA that is never ready; a port the
// stack picked as free but another process took before its service listened is replaced by a fresh pick.
import t from 'tap'
import { createConnection, createServer, Server } from 'node:net'
import { startStack } from '@ctrmock/cli'
import { testDatabaseName, testServerUrl } from '@ctrmock/kit/testing'
import { dropStackDatabases, startTestStack } from '../helpers/stack.ts'

const FREE = { ctr: 0, 'ctr-eu': 0, 'sse-americas': 0, 'sse-europe': 0, esa: 0 }

function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('data', (data) => { resolve(String(data)); socket.end() })
    socket.once('error', reject)
  })
}

t.test('a free SMTP port is bound by the ESA and reported by the stack', async (t) => {
  const { stack } = await startTestStack(t)
  t.ok(stack.smtpPort > 0, `reported port ${stack.smtpPort}`)
  t.match(await greeting(stack.smtpPort), /^220 /, 'the port answers with an SMTP greeting')
})

t.test('an SMTP port already taken fails the start with EADDRINUSE', async (t) => {
  const taken: Server = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => taken.close(() => resolve())))
  const port = (taken.address() as { port: number }).port
  const serverUrl = await testServerUrl()
  const prefix = testDatabaseName('e2e')
  t.teardown(() => dropStackDatabases(serverUrl, prefix))
  await t.rejects(
    startStack({ databaseServerUrl: serverUrl, databasePrefix: prefix, ports: { ...FREE, smtp: port }, env: { LOG_LEVEL: 'silent' } }),
    { code: 'EADDRINUSE' },
  )
})

t.test('a picked port taken before its service listens: the stack starts on fresh ports', async (t) => {
  // The first service to listen finds its port bound by another process a moment earlier, as a client's outgoing
  // connection or another stack can do between the pick and the bind.
  const listen = Server.prototype.listen
  const squatter = createServer()
  let squatted = 0
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const port = (args[0] as { port?: number }).port ?? 0
    if (squatted || port === 0) return listen.apply(this, args as Parameters<typeof listen>)
    squatted = port
    Server.prototype.listen = listen
    squatter.listen(port, '127.0.0.1', () => listen.apply(this, args as Parameters<typeof listen>))
    return this
  } as typeof listen
  t.teardown(() => {
    Server.prototype.listen = listen
    return new Promise<void>((resolve) => squatter.close(() => resolve()))
  })
  const { stack, cloud } = await startTestStack(t)
  t.ok(squatted > 0, `port ${squatted} was taken before its service listened`)
  t.equal(stack.instances.length, 7, 'every instance started')
  t.notOk(Object.values(stack.urls).some((url) => url.endsWith(`:${squatted}`)), 'none of them on the taken port')
  t.ok(squatter.listening, 'the other process keeps its port')
  await cloud.waitReady()
  const tenant = await cloud.createTenant()
  const instance = await tenant.integrateEsa()
  t.ok(instance.id, 'the tech note runs: CTR, SSE and the ESA reach each other on the fresh ports')
})
