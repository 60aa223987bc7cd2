// A small real private intelligence (CTIA) for CTR's tests: it trusts tokens from CTR's JWKS and keeps each org's
// entities in memory, with the CTIA routes CTR's XDR routes call: create, put, patch, get, by external id, search (by
// field filters, a `from`/`to` window on `timestamp`, `limit` and `fields`), incident status, bundle import and
// bulk delete. Anything else is CTIA's 404.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { randomUUID } from 'node:crypto'
import { listen, RemoteJwks } from '@ctrmock/kit'
import { CTIM_SCHEMA_VERSION, IROH_CLAIMS, IROH_TOKEN_ISSUER } from '@ctrmock/types'

type Entity = Record<string, unknown> & { id: string; type: string }

export interface FakeIntel {
  url: string
  app: FastifyInstance
  /** Stores an entity for an org as a POST would; the stored entity. */
  add(orgId: string, type: string, fields: Record<string, unknown>): Entity
  /** An org's entities of a type, for assertions. */
  entities(orgId: string, type: string): Entity[]
  close(): Promise<void>
}

const HOST = 'intel.ctrmock.test'
const PAGING = new Set(['limit', 'offset', 'fields', 'from', 'to', 'sort_by', 'sort_order', 'query'])

const typeOfPlural = (plural: string) => plural.replace(/ies$/, 'y').replace(/s$/, '').replaceAll('_', '-')

export async function startFakeIntel(ctrJwksUrl: () => string, options: { now?: () => Date } = {}): Promise<FakeIntel> {
  const now = options.now ?? (() => new Date())
  let jwks: RemoteJwks | undefined
  const stored = new Map<string, Entity & { orgId: string }>()
  const app = Fastify({ logger: false })

  app.addHook('onRequest', async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    try {
      jwks ??= new RemoteJwks(ctrJwksUrl())
      const claims = await jwks.verify(token ?? '', now(), { issuer: IROH_TOKEN_ISSUER })
      ;(request as unknown as { orgId: string }).orgId = String(claims[IROH_CLAIMS.orgId])
    } catch {
      return reply.code(401).send({ error: 'invalid_token', message: 'The access token is not valid' })
    }
  })
  const orgOf = (request: FastifyRequest) => (request as unknown as { orgId: string }).orgId
  const ofOrg = (orgId: string, type: string) => [...stored.values()].filter((e) => e.orgId === orgId && e.type === type)
  const view = ({ orgId: _, ...entity }: Entity & { orgId: string }): Entity => entity
  const add = (orgId: string, type: string, fields: Record<string, unknown>): Entity => {
    const key = `${type}-${randomUUID()}`
    const entity = {
      schema_version: CTIM_SCHEMA_VERSION, timestamp: now().toISOString(), owner: `user-${orgId}`, groups: [orgId], ...fields,
      id: `https://${HOST}/ctia/${type}/${key}`, type, orgId,
    }
    stored.set(key, entity)
    return view(entity)
  }
  const mine = (request: FastifyRequest<{ Params: { key: string } }>, type = (request.params as { type?: string }).type) => {
    const entity = stored.get(request.params.key)
    return entity?.orgId === orgOf(request) && entity.type === type ? entity : undefined
  }
  const notFound = { error: 'not_found', message: 'The entity is not found' }

  app.post<{ Params: { type: string }; Body: Record<string, unknown> }>('/ctia/:type', async (request, reply) =>
    reply.code(201).send(add(orgOf(request), request.params.type, request.body)))
  app.put<{ Params: { type: string; key: string }; Body: Record<string, unknown> }>('/ctia/:type/:key', async (request, reply) => {
    const entity = mine(request)
    if (!entity) return reply.code(404).send(notFound)
    const updated = { ...request.body, id: entity.id, type: entity.type, orgId: entity.orgId, timestamp: now().toISOString() }
    stored.set(request.params.key, updated)
    return view(updated)
  })
  app.patch<{ Params: { type: string; key: string }; Body: Record<string, unknown> }>('/ctia/:type/:key', async (request, reply) => {
    const entity = mine(request)
    if (!entity) return reply.code(404).send(notFound)
    stored.set(request.params.key, { ...entity, ...request.body, id: entity.id, type: entity.type })
    return view(stored.get(request.params.key)!)
  })
  app.post<{ Params: { key: string }; Body: { status: string } }>('/ctia/incident/:key/status', async (request, reply) => {
    const entity = mine(request, 'incident')
    if (!entity) return reply.code(404).send(notFound)
    stored.set(request.params.key, { ...entity, status: request.body.status })
    return view(stored.get(request.params.key)!)
  })
  app.post<{ Body: Record<string, unknown> }>('/ctia/bundle/import', async (request) => {
    const lists = Object.entries(request.body).filter((entry): entry is [string, Array<Record<string, unknown>>] => Array.isArray(entry[1]))
    return {
      results: lists.flatMap(([plural, docs]) => docs.map(({ id: originalId, ...doc }) => {
        const made = add(orgOf(request), typeOfPlural(plural), doc)
        return { id: made.id, original_id: originalId, result: 'created', type: made.type }
      })),
    }
  })
  app.delete<{ Body: Record<string, string[]> }>('/ctia/bulk', async (request) => Object.fromEntries(Object.entries(request.body).map(([plural, ids]) => {
    const deleted = ids.filter((id) => {
      const key = id.slice(id.lastIndexOf('/') + 1)
      return stored.get(key)?.orgId === orgOf(request) && stored.delete(key)
    })
    return [plural, { deleted }]
  })))
  app.get('/ctia/properties', async () => ({}))
  app.get<{ Params: { type: string; key: string } }>('/ctia/:type/:key', async (request, reply) => {
    const entity = mine(request)
    return entity ? view(entity) : reply.code(404).send(notFound)
  })
  app.get<{ Params: { type: string; externalId: string } }>('/ctia/:type/external_id/:externalId', async (request) =>
    ofOrg(orgOf(request), request.params.type).filter((e) => (e.external_ids as string[] | undefined)?.includes(request.params.externalId)).map(view))
  app.get<{ Params: { type: string }; Querystring: Record<string, string | string[]> }>('/ctia/:type/search', async (request, reply) => {
    const { limit, from, to, fields } = request.query
    const window = [from, to].map((at) => (at === undefined ? undefined : Date.parse(String(at))))
    if (window.some((at) => at !== undefined && Number.isNaN(at))) {
      return reply.code(400).send({ type: 'compojure.api.exception/request-validation', message: 'from or to is not a date', errors: { from, to } })
    }
    const filters = Object.entries(request.query).filter(([name]) => !PAGING.has(name))
    const found = ofOrg(orgOf(request), request.params.type)
      .filter((e) => filters.every(([name, value]) => e[name] === value))
      .filter((e) => {
        const at = Date.parse(String(e.timestamp))
        return (window[0] === undefined || at >= window[0]) && (window[1] === undefined || at < window[1])
      })
    const page = found.slice(0, limit === undefined ? 100 : Number(limit)).map(view)
    const selected = fields === undefined ? page : page.map((e) => Object.fromEntries([fields].flat().filter((f) => f in e).map((f) => [f, e[f]])))
    return reply.header('x-total-hits', String(found.length)).send(selected)
  })

  const url = await listen(app, 0)
  return {
    url, app, add,
    entities: (orgId, type) => ofOrg(orgId, type).map(view),
    async close() {
      await app.close()
      await jwks?.close()
    },
  }
}
