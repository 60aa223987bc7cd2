// The ESA's SMTP listener in the embedded stack: asked for a free port it binds one itself and the stack reports it;
// a port it cannot take fails the start with the reason instead of leaving an ESA that is never ready.
import t from 'tap'
import { createConnection, createServer, type Server } from 'node:net'
import { randomBytes } from 'node:crypto'
import { startStack } from '@ctrmock/cli'
import { dropDatabase } from '@ctrmock/kit/db'
import { testServerUrl } from '@ctrmock/kit/testing'
import { startTestStack } from '../helpers/stack.ts'

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
  const prefix = `e2e_${randomBytes(4).toString('hex')}`
  t.teardown(() => Promise.all(['ctr_nam', 'ctr_eu', 'sse_americas', 'sse_europe', 'esa'].map((s) => dropDatabase(serverUrl, `${prefix}_${s}`).catch(() => {}))))
  await t.rejects(
    startStack({ databaseServerUrl: serverUrl, databasePrefix: prefix, ports: { ...FREE, smtp: port }, env: { LOG_LEVEL: 'silent' } }),
    { code: 'EADDRINUSE' },
  )
})
