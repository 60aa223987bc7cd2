// The baseline: a bare Fastify "hello" server (no logger, no plugins), in a process of its own, on the same machine
// and under the same load generator as the stack. Ratios in the report are against its req/s from the same run.
import Fastify from 'fastify'
import { announce } from '../lib/processes.ts'

const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))
// The floor of any JSON POST route (what inspect is): Fastify parses a JSON body and serializes a small array.
app.post('/observables', async (request) => {
  const { content } = request.body as { content: string }
  return [{ type: 'ip', value: content.slice(0, 12) }, { type: 'domain', value: content.slice(-16) }]
})
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
announce({ ready: true, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
