// A private intelligence (CTIA) in memory, per org: what the fake intel service serves over HTTP and what domain
// tests read directly through a CtiaAccess. Searches filter on fields by equality, on `timestamp` by `from`/`to`,
// and honour `limit` and `fields`.
import { randomUUID } from 'node:crypto'
import { DomainError } from '@ctrmock/kit'
import { CTIM_SCHEMA_VERSION } from '@ctrmock/types'
import type { CtiaAccess, CtiaEntity, CtiaQuery } from '../../src/domain/ctia-access.ts'

export type Entity = CtiaEntity & { type: string }
type Stored = Entity & { orgId: string }
export type SearchAnswer = { entities: Entity[]; total: number } | { refusal: Record<string, unknown> }

const HOST = 'intel.ctrmock.test'
const NOT_FILTERS = new Set(['limit', 'offset', 'fields', 'from', 'to', 'sort_by', 'sort_order', 'query'])

const view = ({ orgId: _, ...entity }: Stored): Entity => entity
const keyOf = (id: string) => id.slice(id.lastIndexOf('/') + 1)

export class CtiaMemory {
  readonly #stored = new Map<string, Stored>()
  constructor(private readonly now: () => Date = () => new Date()) {}

  add(orgId: string, type: string, fields: Record<string, unknown>): Entity {
    const key = `${type}-${randomUUID()}`
    const entity: Stored = {
      schema_version: CTIM_SCHEMA_VERSION, timestamp: this.now().toISOString(), owner: `user-${orgId}`, groups: [orgId], ...fields,
      id: `https://${HOST}/ctia/${type}/${key}`, type, orgId,
    }
    this.#stored.set(key, entity)
    return view(entity)
  }

  #mine(orgId: string, type: string, key: string): Stored | undefined {
    const entity = this.#stored.get(key)
    return entity?.orgId === orgId && entity.type === type ? entity : undefined
  }

  get(orgId: string, type: string, key: string): Entity | undefined {
    const entity = this.#mine(orgId, type, key)
    return entity && view(entity)
  }

  /** Replaces (`put`) or merges into (`patch`) an entity; undefined when the org has no such entity. */
  change(orgId: string, type: string, key: string, fields: Record<string, unknown>, how: 'put' | 'patch'): Entity | undefined {
    const entity = this.#mine(orgId, type, key)
    if (!entity) return undefined
    // CTIA keeps the fields it owns when an entity is replaced.
    const kept = how === 'patch' ? entity : { schema_version: entity.schema_version, owner: entity.owner, groups: entity.groups }
    const changed = { ...kept, ...fields, id: entity.id, type, orgId, timestamp: this.now().toISOString() }
    this.#stored.set(key, changed)
    return view(changed)
  }

  delete(orgId: string, id: string): boolean {
    return this.#stored.get(keyOf(id))?.orgId === orgId && this.#stored.delete(keyOf(id))
  }

  all(orgId: string, type: string): Entity[] {
    return [...this.#stored.values()].filter((e) => e.orgId === orgId && e.type === type).map(view)
  }

  byExternalId(orgId: string, type: string, externalId: string): Entity[] {
    return this.all(orgId, type).filter((e) => (e.external_ids as string[] | undefined)?.includes(externalId))
  }

  search(orgId: string, type: string, query: Record<string, unknown>): SearchAnswer {
    const window = [query.from, query.to].map((at) => (at === undefined ? undefined : Date.parse(String(at))))
    if (window.some((at) => at !== undefined && Number.isNaN(at))) {
      return { refusal: { type: 'compojure.api.exception/request-validation', message: 'from or to is not a date', errors: { from: query.from, to: query.to } } }
    }
    const filters = Object.entries(query).filter(([name, value]) => !NOT_FILTERS.has(name) && value !== undefined)
    const found = this.all(orgId, type)
      .filter((e) => filters.every(([name, value]) => e[name] === String(value)))
      .filter((e) => {
        const at = Date.parse(String(e.timestamp))
        return (window[0] === undefined || at >= window[0]) && (window[1] === undefined || at < window[1])
      })
    const page = found.slice(0, query.limit === undefined ? 100 : Number(query.limit))
    const fields = query.fields === undefined ? undefined : [query.fields].flat().map(String)
    const entities = fields ? page.map((e) => Object.fromEntries(fields.filter((f) => f in e).map((f) => [f, e[f]])) as Entity) : page
    return { entities, total: found.length }
  }
}

/** One org's view of the memory through the routes CTR's use cases call, as the intel service answers them. */
export function memoryCtia(memory: CtiaMemory, orgId: string): CtiaAccess {
  const parse = (path: string) => /^\/ctia\/([a-z-]+)(?:\/(.+))?$/.exec(path) ?? []
  return {
    async read<T>(path: string) {
      const [, type, rest] = parse(path)
      const external = /^external_id\/(.+)$/.exec(rest ?? '')?.[1]
      if (external) return memory.byExternalId(orgId, type!, decodeURIComponent(external)) as T
      return memory.get(orgId, type!, decodeURIComponent(rest ?? '')) as T | undefined
    },
    async search(path: string, query: CtiaQuery = {}) {
      const answer = memory.search(orgId, parse(path)[1]!, query)
      if ('refusal' in answer) throw new DomainError('invalid_request', String(answer.refusal.message), 400, answer.refusal)
      return { entities: answer.entities, headers: { 'x-total-hits': String(answer.total) } }
    },
    async write<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown) {
      const [, type, key] = parse(path)
      const fields = body as Record<string, unknown>
      const written = method === 'POST' ? memory.add(orgId, type!, fields) : memory.change(orgId, type!, decodeURIComponent(key!), fields, method === 'PUT' ? 'put' : 'patch')
      if (!written) throw new DomainError('not_found', `${path} not found`, 404)
      return written as T
    },
  }
}
