// What CTIA adds to an entity it stores: id, ownership and times for every family, and the CTIM defaults of the
// families that have them (a judgement's disposition and validity, a casebook's empty lists).
import { CTIA_SPEC } from './ctia-spec.ts'
import type { EntityFamily } from './entity-families.ts'
import { badRequest } from './errors.ts'

/** The CTIM schema version CTIA v2.71 writes. */
export const CTIM_SCHEMA_VERSION = '1.3.30'
export const DEFAULT_TLP = 'green'
/** CTIM's "valid forever": the end of a validity period nobody gave. */
export const END_OF_TIME = '2525-01-01T00:00:00.000Z'

export const DISPOSITIONS: Record<number, string> = { 1: 'Clean', 2: 'Malicious', 3: 'Suspicious', 4: 'Common', 5: 'Unknown' }
const DISPOSITION_NUMBERS = Object.fromEntries(Object.entries(DISPOSITIONS).map(([n, name]) => [name, Number(n)]))

type Doc = Record<string, unknown>

export interface Ownership {
  owner: string
  orgId: string
  clientId?: string
}

function properties(definition: string): Set<string> {
  const props = CTIA_SPEC.definitions[definition]?.properties
  return new Set(props && typeof props === 'object' ? Object.keys(props) : [])
}

/**
 * What CTIA's entity schemas add to CTIM's (ctia.schemas.core `CTIAEntity`): every New, stored and answered entity may
 * carry them. The Swagger's definitions named after CTIM's (Judgement, IdentityAssertion, ...) are CTIM's, without them.
 */
export const CTIA_ENTITY_FIELDS = ['authorized_users', 'authorized_groups', 'client_id', 'owner', 'groups', 'created', 'modified'] as const

/** The fields a family's New schema takes: its Swagger definition's, and CTIA's own. */
function newFields(family: EntityFamily): Set<string> {
  return new Set([...properties(family.newSchema), ...CTIA_ENTITY_FIELDS])
}

/** `input` as the family's Swagger definition can check it: CTIA's own fields set aside where the definition is CTIM's. */
export function checkedAsCtim(family: EntityFamily, input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || properties(family.newSchema).has('owner')) return input
  const out = { ...(input as Doc) }
  for (const field of CTIA_ENTITY_FIELDS) delete out[field]
  return out
}

function judgementDefaults(doc: Doc): void {
  const given = typeof doc.disposition === 'number' ? doc.disposition : undefined
  const named = typeof doc.disposition_name === 'string' ? DISPOSITION_NUMBERS[doc.disposition_name] : undefined
  if (given !== undefined && named !== undefined && given !== named) {
    throw badRequest(`Mismatching disposition and disposition_name for judgement: ${given} and ${String(doc.disposition_name)}`)
  }
  const disposition = given ?? named ?? 5
  doc.disposition = disposition
  doc.disposition_name = DISPOSITIONS[disposition]
}

function validTimeDefaults(doc: Doc, now: string): void {
  const valid = (doc.valid_time ?? {}) as Doc
  doc.valid_time = { start_time: valid.start_time ?? now, end_time: valid.end_time ?? END_OF_TIME }
}

/**
 * A PUT body with what CTIA's realize keeps from the entity it replaces where the body says nothing: the tlp, and each
 * bound of valid_time (ctia.domain.entities default-realize; the timestamp is the body's or now, never the old one).
 */
export function carriedOver(input: Doc, previous: Doc): Doc {
  const out: Doc = { ...input }
  if (out.tlp === undefined && previous.tlp !== undefined) out.tlp = previous.tlp
  const before = previous.valid_time
  if (before !== null && typeof before === 'object') {
    const given = (out.valid_time ?? {}) as Doc
    const old = before as Doc
    const start = given.start_time ?? old.start_time
    const end = given.end_time ?? old.end_time
    out.valid_time = { ...(start === undefined ? {} : { start_time: start }), ...(end === undefined ? {} : { end_time: end }) }
  }
  return out
}

/** The stored document of a new entity: the input plus what CTIA adds. */
export function withDefaults(family: EntityFamily, input: Doc, id: string, now: string, who: Ownership, secret = ''): Doc {
  const allowed = newFields(family)
  const doc: Doc = { ...input, id, type: family.type }
  const set = (field: string, value: unknown) => {
    if (allowed.has(field)) doc[field] = value
  }
  set('schema_version', CTIM_SCHEMA_VERSION)
  if (doc.tlp === undefined) set('tlp', DEFAULT_TLP)
  if (doc.timestamp === undefined) set('timestamp', now)
  set('created', now)
  set('modified', now)
  set('owner', who.owner)
  set('groups', [who.orgId])
  if (who.clientId) set('client_id', who.clientId)
  else delete doc.client_id
  if (family.type === 'judgement') judgementDefaults(doc)
  if (allowed.has('valid_time') && ['judgement', 'indicator', 'asset-mapping', 'asset-properties'].includes(family.type)) validTimeDefaults(doc, now)
  if (family.type === 'sighting' && doc.count === undefined) doc.count = 1
  if (family.type === 'feed') {
    doc.secret ??= secret
    doc.feed_view_url = `${id}/view?s=${String(doc.secret)}`
  }
  return doc
}

/** The fields of a stored document that are server-assigned and survive a PUT. */
export const SERVER_FIELDS = ['id', 'type', 'created', 'owner', 'groups', 'client_id', 'schema_version'] as const

/**
 * What a client sees of a stored entity, on a write (POST, PUT, PATCH, expire) as on a read: CTIA answers both with
 * the stored entity (ctia.flows.crud returns what the store wrote), so its fields and CTIA's own (owner, groups, ...).
 */
export function present(family: EntityFamily, doc: Doc): Doc {
  const shown = properties(family.schema)
  if (shown.size === 0) return doc
  for (const field of [...(family.readSchema ? properties(family.readSchema) : []), ...CTIA_ENTITY_FIELDS]) shown.add(field)
  return Object.fromEntries(Object.entries(doc).filter(([key]) => shown.has(key)))
}

/** A document cut down to the dotted `fields` asked for (CTIA's `fields` parameter). */
export function selectFields(doc: Doc, fields: string[] | undefined): Doc {
  if (!fields || fields.length === 0) return doc
  const out: Doc = {}
  for (const field of fields) {
    const [head, ...rest] = field.split('.')
    if (!head || !(head in doc)) continue
    const value = doc[head]
    if (rest.length === 0 || value === null || typeof value !== 'object') out[head] = value
    else if (Array.isArray(value)) out[head] = value.map((item) => (item && typeof item === 'object' ? selectFields(item as Doc, [rest.join('.')]) : item))
    else out[head] = { ...((out[head] as Doc | undefined) ?? {}), ...selectFields(value as Doc, [rest.join('.')]) }
  }
  return out
}
