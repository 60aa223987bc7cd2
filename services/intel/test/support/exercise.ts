// Calls every operation of Cisco's CTIA Swagger against a fresh intel service, as a client would, and checks each
// request and response against the Swagger (specs/ctia/ctia.json) with @ctrmock/kit/contract. Paths, query
// parameters and bodies are made from the Swagger itself (examples.ts), with the ids of entities created first.
import { fileURLToPath } from 'node:url'
import { createSwaggerContract, type ContractError, type OperationEntry } from '@ctrmock/kit/contract'
import { CTIA_SPEC, type SwaggerSchema } from '../../src/domain/ctia-spec.ts'
import { CTIA_ENTITY_FIELDS } from '../../src/domain/entity-defaults.ts'
import { ENTITY_FAMILIES, familyOf } from '../../src/domain/entity-families.ts'
import { buildTestApp, newOrg, shortId, type TestIntel } from '../helper.ts'
import { EXAMPLE_TIME, exampleOf } from './examples.ts'
import type { Test } from 'tap'

export const CTIA_SPECS_DIR = fileURLToPath(new URL('../../../../specs/ctia/', import.meta.url))
export const contract = createSwaggerContract(CTIA_SPECS_DIR)

export interface Exchange {
  operation: string
  status: number
  documented: boolean
  errors: ContractError[]
}

type Doc = Record<string, unknown>
const OBSERVABLE = { type: 'ip', value: '198.51.100.7' }

export function ctiaOperations(): OperationEntry[] {
  return contract.operations('ctia')
}

// What the generic examples cannot know: bodies and parameters that must name real entities or valid choices.
function specialBody(entry: OperationEntry, ids: Map<string, Doc>): unknown {
  const id = (type: string) => ids.get(type)?.id
  switch (`${entry.method} ${entry.path}`) {
    case 'POST /ctia/incident/{id}/link': return { casebook_id: id('casebook') }
    case 'POST /ctia/bundle/export': return { ids: [id('sighting'), id('judgement')] }
    case 'POST /ctia/bundle/import': return { type: 'bundle', source: 'contract', judgements: [{ ...(exampleOf({ $ref: '#/definitions/NewJudgement' }) as Doc), id: 'transient:j' }] }
    case 'POST /ctia/bulk': return { judgements: [exampleOf({ $ref: '#/definitions/NewJudgement' })] }
    case 'PUT /ctia/bulk': return { notes: [{ ...(exampleOf({ $ref: '#/definitions/NewNote' }) as Doc), id: id('note') }] }
    case 'PATCH /ctia/bulk': return { notes: [{ id: id('note'), content: 'patched' }] }
    case 'DELETE /ctia/bulk': return { tools: [id('tool')] }
    case 'POST /ctia/casebook/{id}/observables': return { operation: 'add', observables: [OBSERVABLE] }
    case 'POST /ctia/casebook/{id}/texts': return { operation: 'add', texts: [{ type: 'markdown', text: 'x' }] }
    case 'POST /ctia/graphql': return { query: 'query J($id: String!) { judgement(id: $id) { id observable { verdict { disposition_name } } } }', variables: { id: id('judgement') } }
    default: {
      const type = /^\/ctia\/([a-z-]+)\/\{id\}$/.exec(entry.path)?.[1]
      return entry.method === 'PUT' && type ? seedBodies.get(type) : undefined
    }
  }
}

function specialQuery(entry: OperationEntry, ids: Map<string, Doc>): Record<string, string | string[]> {
  const key = `${entry.method} ${entry.path}`
  if (key === 'GET /ctia/bundle/export') return { ids: [String(ids.get('sighting')?.id)] }
  if (key === 'GET /ctia/bulk') return { judgements: [String(ids.get('judgement')?.id)], notes: [String(ids.get('note')?.id)] }
  if (entry.path.startsWith('/ctia/feed/{id}/view')) return { s: String(ids.get('feed')?.secret) }
  if (key.endsWith('/search') && entry.method === 'DELETE') return { query: 'nothing:matches' }
  if (entry.path.endsWith('/metric/histogram') || entry.path.endsWith('/metric/topn') || entry.path.endsWith('/metric/cardinality') || entry.path.endsWith('/metric/average')) {
    return { to: '2026-03-03T00:00:00.000Z' }
  }
  return {}
}

function concretePath(entry: OperationEntry, ids: Map<string, Doc>): string {
  const type = /^\/ctia\/([a-z-]+)\//.exec(entry.path)?.[1]
  return entry.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    switch (name) {
      case 'id': return shortId(ids.get(type ?? '')?.id)
      case 'external_id': return 'ctia-contract-1'
      case 'observable_type': return OBSERVABLE.type
      case 'observable_value': return OBSERVABLE.value
      case 'entity_id': return shortId(ids.get('judgement')?.id)
      case 'mitre-id': return 'T1566'
      default: return 'example'
    }
  })
}

function requiredQuery(entry: OperationEntry): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of entry.operation.parameters ?? []) {
    if (p.in !== 'query' || !p.required) continue
    const { required: _required, ...schema } = p
    const value = exampleOf(p.type === 'array' ? (p.items as Record<string, unknown>) : (schema as unknown as Record<string, unknown>))
    out[p.name] = p.name === 'from' ? '2026-03-01T00:00:00.000Z' : String(value)
  }
  return out
}

const ENTITY_SCHEMAS = new Set(ENTITY_FAMILIES.map((f) => f.schema))

/**
 * An answer as the Swagger can check it: CTIA answers an entity with its route schema, CTIM's plus CTIA's own fields
 * (owner, groups, created, modified, ...: ctia.schemas.core CTIAEntity), but the Swagger definitions named after
 * CTIM's (Judgement, Tool, ...) are CTIM's alone, so those fields are set aside where such a definition is answered.
 */
function asSwaggerDefines(schema: SwaggerSchema | undefined, value: unknown): unknown {
  if (!schema || value === null || typeof value !== 'object') return value
  const name = typeof schema.$ref === 'string' ? schema.$ref.replace('#/definitions/', '') : undefined
  const definition = name ? CTIA_SPEC.definitions[name] : schema
  if (!definition) return value
  if (Array.isArray(value)) return value.map((item) => asSwaggerDefines(definition.items as SwaggerSchema | undefined, item))
  const properties = (definition.properties ?? {}) as Record<string, SwaggerSchema>
  const out: Doc = {}
  for (const [key, item] of Object.entries(value as Doc)) {
    if (name && ENTITY_SCHEMAS.has(name) && !('owner' in properties) && (CTIA_ENTITY_FIELDS as readonly string[]).includes(key)) continue
    out[key] = asSwaggerDefines(properties[key], item)
  }
  return out
}

// What each family was created with; a PUT sends the same again, so later calls still find what they look for.
const seedBodies = new Map<string, Doc>()

async function seed(intel: TestIntel, org: string): Promise<Map<string, Doc>> {
  const ids = new Map<string, Doc>()
  for (const entry of ctiaOperations().filter((e) => e.method === 'POST' && /^\/ctia\/[a-z-]+$/.test(e.path))) {
    const type = entry.path.split('/')[2]!
    if (!familyOf(type)) continue
    const body = { ...(exampleOf({ $ref: `#/definitions/${familyOf(type)!.newSchema}` }) as Doc), external_ids: ['ctia-contract-1'] }
    if (type === 'judgement') Object.assign(body, { observable: OBSERVABLE, priority: 90 })
    if (type === 'sighting') Object.assign(body, { observables: [OBSERVABLE] })
    if (type === 'attack-pattern') Object.assign(body, { external_references: [{ source_name: 'mitre-attack', external_id: 'T1566' }] })
    seedBodies.set(type, body)
    const res = await intel.app.inject({ method: 'POST', url: entry.path, headers: intel.auth(org), payload: body })
    if (res.statusCode !== 201) throw new Error(`seeding ${type} failed: ${res.statusCode} ${res.body}`)
    ids.set(type, res.json())
  }
  const events = await intel.app.inject({ method: 'GET', url: '/ctia/event/search?limit=1', headers: intel.auth(org) })
  ids.set('event', events.json()[0])
  return ids
}

/** Every Swagger operation called once (expiries, then deletes, last), with what the contract says of each exchange. */
export async function exerciseIntel(t: Test | { teardown(fn: () => unknown): void }): Promise<{ exchanges: Exchange[] }> {
  const intel = await buildTestApp(t as Test)
  const org = newOrg()
  const ids = await seed(intel, org)
  // Expiring ends a judgement's validity and deletes remove entities: both come after everything that reads them.
  const rank = (e: OperationEntry) => (e.method === 'DELETE' ? 2 : e.path.endsWith('/expire') ? 1 : 0)
  const entries = ctiaOperations().sort((a, b) => rank(a) - rank(b))
  const exchanges: Exchange[] = []
  for (const entry of entries) {
    const path = concretePath(entry, ids)
    const query = { ...requiredQuery(entry), ...specialQuery(entry, ids) }
    const bodyParam = entry.operation.parameters?.find((p) => p.in === 'body')
    const body = specialBody(entry, ids) ?? (bodyParam?.schema ? exampleOf(bodyParam.schema as Record<string, unknown>) : undefined)
    const search = new URLSearchParams()
    for (const [name, value] of Object.entries(query)) for (const v of [value].flat()) search.append(name, v)
    const url = `${path}${search.size ? `?${search}` : ''}`
    const res = await intel.app.inject({ method: entry.method as 'GET', url, headers: intel.auth(org), ...(body === undefined ? {} : { payload: body as Doc }) })
    const parsed = res.headers['content-type']?.toString().startsWith('application/json') && res.body ? res.json() : res.body
    const requestErrors = contract.validateRequest('ctia', entry.method, url, { query: search, ...(body === undefined ? {} : { body }) })
    const answered = asSwaggerDefines(entry.operation.responses[String(res.statusCode)]?.schema as SwaggerSchema | undefined, parsed)
    const responseErrors = contract.validateResponse('ctia', entry.method, path, res.statusCode, res.statusCode === 204 ? undefined : answered)
    const documented = !responseErrors.some((e) => e.in === 'status')
    exchanges.push({ operation: `${entry.method} ${entry.path}`, status: res.statusCode, documented, errors: [...requestErrors, ...(documented ? responseErrors : [])] })
  }
  return { exchanges }
}

export const EXAMPLE_DATE = EXAMPLE_TIME
