// A relay module written to Cisco's relay protocol (tr-05 templates): JSON POSTs under its URL, the Authorization
// header checked against the one it expects, errors answered as HTTP 200 {errors: [...]} (possibly beside data).
import Fastify, { type FastifyInstance } from 'fastify'
import { listen } from '@ctrmock/kit'

export interface RelayCall {
  path: string
  authorization?: string
  body: unknown
}

export interface RelayModuleServer {
  url: string
  app: FastifyInstance
  calls: RelayCall[]
  /** Makes every call wait this long (ms) first. */
  delayMs: number
  close(): Promise<void>
}

const fatal = (code: string, message: string) => ({ errors: [{ type: 'fatal', code, message }] })

export async function startRelayModule(expectedAuthorization: string): Promise<RelayModuleServer> {
  const app = Fastify({ logger: false })
  const server = { calls: [] as RelayCall[], delayMs: 0 }
  app.addHook('preHandler', async (request, reply) => {
    server.calls.push({ path: request.url, authorization: request.headers.authorization, body: request.body })
    if (server.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, server.delayMs))
    if (!request.headers.authorization) return reply.send(fatal('authorization error', 'Authorization failed: Authorization header is missing'))
    if (request.headers.authorization !== expectedAuthorization) return reply.send(fatal('authorization error', 'Authorization failed: Failed to decode JWT with provided key'))
  })
  app.post('/health', async () => ({ data: { status: 'ok' } }))
  app.post<{ Body: Array<{ type: string; value: string }> }>('/observe/observables', async (request) => {
    const domains = request.body.filter((o) => o.type === 'domain')
    const data = {
      sightings: {
        count: domains.length,
        docs: domains.map((o) => ({
          id: `transient:sighting-${o.value}`, type: 'sighting', schema_version: '1.0.17', source: 'Relay Test', confidence: 'High',
          count: 1, internal: false, observables: [o], observed_time: { start_time: '2026-03-01T00:00:00.000Z' }, title: 'Seen by the relay',
        })),
      },
      // A key outside CTIM's plurals: IROH drops it.
      extras: { count: 1, docs: [{}] },
    }
    // Partial data and an error together, as relays do when one upstream fails.
    return request.body.some((o) => o.value === 'quota.example') ? { data, errors: [{ type: 'fatal', code: 'too many requests', message: 'Upstream quota exceeded' }] } : { data }
  })
  app.post<{ Body: Array<{ type: string; value: string }> }>('/deliberate/observables', async (request) => ({
    data: {
      verdicts: { count: 1, docs: request.body.slice(0, 1).map((o) => ({ type: 'verdict', disposition: 3, disposition_name: 'Suspicious', observable: o, valid_time: {} })) },
      judgements: { count: 0, docs: [] },
    },
  }))
  app.post<{ Body: Array<{ type: string; value: string }> }>('/refer/observables', async (request) => ({
    data: request.body.map((o) => ({ id: `ref-relay-${o.value}`, title: 'Search in Relay', description: 'Lookup in the relay', url: `https://relay.example/search?q=${o.value}`, categories: ['Relay', 'Search'] })),
  }))
  app.post<{ Body: Array<{ type: string; value: string }> }>('/respond/observables', async (request) => ({
    data: request.body.map((o) => ({ id: 'relay-block', title: 'Block', description: 'Block it in the relay', categories: ['Relay'], 'query-params': { observable_type: o.type, observable_value: o.value, list: 'blocklist' } })),
  }))
  app.post<{ Body: Record<string, string> }>('/respond/trigger', async (request) => (
    request.body['action-id'] === 'relay-block' ? { data: { status: 'success' } } : { data: { status: 'failure' }, errors: [{ type: 'fatal', code: 'invalid argument', message: 'Unsupported action' }] }
  ))
  const url = await listen(app, 0)
  return {
    url, app,
    get calls() { return server.calls },
    get delayMs() { return server.delayMs },
    set delayMs(ms) { server.delayMs = ms },
    close: () => app.close(),
  } as RelayModuleServer
}
