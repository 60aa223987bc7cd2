// A small real private intelligence (CTIA) for CTR's tests: it trusts tokens from CTR's JWKS and serves a CtiaMemory
// through the CTIA routes CTR calls: create, put, patch, get, by external id, search, incident status, bundle import
// and bulk delete. Anything else is CTIA's 404.
import Fastify, { type FastifyInstance } from 'fastify'
import { listen } from '@ctrmock/kit'
import { trustCtrTokens } from './ctr-tokens.ts'
import { CtiaMemory, type Entity } from './ctia-memory.ts'

export interface FakeIntel {
  url: string
  app: FastifyInstance
  memory: CtiaMemory
  /** Stores an entity for an org as a POST would; the stored entity. */
  add(orgId: string, type: string, fields: Record<string, unknown>): Entity
  /** An org's entities of a type, for assertions. */
  entities(orgId: string, type: string): Entity[]
  close(): Promise<void>
}

type Params = { type: string; key: string }
type Body = Record<string, unknown>

const typeOfPlural = (plural: string) => plural.replace(/ies$/, 'y').replace(/s$/, '').replaceAll('_', '-')
const NOT_FOUND = { error: 'not_found', message: 'The entity is not found' }

export async function startFakeIntel(ctrJwksUrl: () => string, options: { now?: () => Date } = {}): Promise<FakeIntel> {
  const now = options.now ?? (() => new Date())
  const memory = new CtiaMemory(now)
  const app = Fastify({ logger: false })
  const { orgOf, close } = trustCtrTokens(app, ctrJwksUrl, now)
  const found = (entity: Entity | undefined, reply: { code(status: number): { send(body: unknown): unknown } }) => entity ?? reply.code(404).send(NOT_FOUND)

  app.post<{ Params: Params; Body: Body }>('/ctia/:type', async (request, reply) =>
    reply.code(201).send(memory.add(orgOf(request), request.params.type, request.body)))
  app.put<{ Params: Params; Body: Body }>('/ctia/:type/:key', async (request, reply) =>
    found(memory.change(orgOf(request), request.params.type, request.params.key, request.body, 'put'), reply))
  app.patch<{ Params: Params; Body: Body }>('/ctia/:type/:key', async (request, reply) =>
    found(memory.change(orgOf(request), request.params.type, request.params.key, request.body, 'patch'), reply))
  app.post<{ Params: Params; Body: Body }>('/ctia/incident/:key/status', async (request, reply) =>
    found(memory.change(orgOf(request), 'incident', request.params.key, { status: request.body.status }, 'patch'), reply))
  app.post<{ Body: Body }>('/ctia/bundle/import', async (request) => {
    const lists = Object.entries(request.body).filter((entry): entry is [string, Body[]] => Array.isArray(entry[1]))
    return {
      results: lists.flatMap(([plural, docs]) => docs.map(({ id: originalId, ...doc }) => {
        const made = memory.add(orgOf(request), typeOfPlural(plural), doc)
        return { id: made.id, original_id: originalId, result: 'created', type: made.type }
      })),
    }
  })
  app.delete<{ Body: Record<string, string[]> }>('/ctia/bulk', async (request) =>
    Object.fromEntries(Object.entries(request.body).map(([plural, ids]) => [plural, { deleted: ids.filter((id) => memory.delete(orgOf(request), id)) }])))
  app.get('/ctia/properties', async () => ({}))
  app.get<{ Params: Params }>('/ctia/:type/:key', async (request, reply) => found(memory.get(orgOf(request), request.params.type, request.params.key), reply))
  app.get<{ Params: { type: string; externalId: string } }>('/ctia/:type/external_id/:externalId', async (request) =>
    memory.byExternalId(orgOf(request), request.params.type, request.params.externalId))
  app.get<{ Params: { type: string }; Querystring: Body }>('/ctia/:type/search', async (request, reply) => {
    const answer = memory.search(orgOf(request), request.params.type, request.query)
    if ('refusal' in answer) return reply.code(400).send(answer.refusal)
    return reply.header('x-total-hits', String(answer.total)).send(answer.entities)
  })

  const url = await listen(app, 0)
  return {
    url, app, memory,
    add: (orgId, type, fields) => memory.add(orgId, type, fields),
    entities: (orgId, type) => memory.all(orgId, type),
    async close() {
      await app.close()
      await close()
    },
  }
}
