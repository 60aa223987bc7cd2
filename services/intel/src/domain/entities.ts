// The generic entity engine: create, read, replace, patch, delete and external-id lookups for every family of the
// Swagger, validating input against the family's New<Type> schema.
import type { EntityFamily } from './entity-families.ts'
import type { Actor, IntelContext } from './context.ts'
import type { Document, EntityIndex, EntityRecord, EntityRow } from '../store/index.ts'
import { CtiaError, entityNotFound, requestValidation } from './errors.ts'
import { transientRefProblem } from './transient-ids.ts'
import { ctimSpecProblem } from './ctim-specs.ts'
import { keyOf, newEntityId } from './entity-ids.ts'
import { SERVER_FIELDS, carriedOver, checkedAsCtim, withDefaults } from './entity-defaults.ts'
import { schemaErrors } from './validation.ts'
import { eventRow, recordEvent } from './events.ts'
import { searchableOf } from './search-index.ts'
import { intervalsField, intervalsOf, nextIntervals, withStatusTimes } from './incident-status.ts'

export function nowIso(ctx: IntelContext, actor: Actor): string {
  return ctx.clock.now(actor.orgId).toISOString()
}

function observableKeys(doc: Document): string[] {
  const keys = new Set<string>()
  const add = (o: unknown) => {
    const obs = o as { type?: unknown; value?: unknown } | null
    if (obs && typeof obs.type === 'string' && typeof obs.value === 'string') keys.add(`${obs.type}:${obs.value}`)
  }
  add(doc.observable)
  if (Array.isArray(doc.observables)) doc.observables.forEach(add)
  return [...keys]
}

export function indexOf(doc: Document, now: string): EntityIndex {
  const date = (value: unknown) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : new Date(now))
  return {
    externalIds: Array.isArray(doc.external_ids) ? doc.external_ids.filter((x): x is string => typeof x === 'string') : [],
    observables: observableKeys(doc),
    timestamp: date(doc.timestamp),
    createdAt: date(doc.created),
    modifiedAt: date(doc.modified ?? now),
    searchable: searchableOf(doc),
  }
}

/** Checks `input` against a Swagger definition; a failure is CTIA's 400 naming the fields. */
export function validate(definition: string, input: unknown): void {
  const errors = schemaErrors(definition, input)
  if (errors !== undefined) throw requestValidation('body-params', errors, input)
}

/** CTIA's spec check of the entity it is about to store (ctim-specs.ts), answered as its spec-validation error. */
function checkSpec(family: EntityFamily, doc: Document): Document {
  const { id: _id, ...entity } = doc
  const message = ctimSpecProblem(family.type, family.newSchema, entity)
  if (message) throw new CtiaError(400, { error: 'Spec Validation Client Error', type: 'Invalid Entity Error', message, entity: doc, class: 'clojure.lang.ExceptionInfo' }, 'spec_validation_error')
  return doc
}

/** A new entity, validated and completed, not yet stored. */
export function buildEntity(ctx: IntelContext, actor: Actor, family: EntityFamily, input: unknown, now: string): EntityRecord {
  validate(family.newSchema, checkedAsCtim(family, input))
  const { id, key } = newEntityId(ctx.publicHost, family.type, ctx.uuid())
  const unrealized = family.type === 'relationship' ? transientRefProblem(input as Document) : undefined
  // CTIA's realize-entity-error: 400 with the entity's id and why.
  if (unrealized) throw new CtiaError(400, { id: key, error: unrealized }, 'realize_entity_error')
  const doc = withDefaults(family, input as Document, id, now, { owner: actor.owner, orgId: actor.orgId, clientId: actor.clientId }, ctx.uuid().replaceAll('-', ''))
  return { key, orgId: actor.orgId, type: family.type, document: checkSpec(family, doc) }
}

/** A built entity's rows: the entity and the event that records its creation (a batch writes many at once). */
export function creationRows(ctx: IntelContext, actor: Actor, record: EntityRecord, now: string): EntityRow[] {
  return [{ record, index: indexOf(record.document, now) }, eventRow(ctx, actor, 'record-created', record.document, now)]
}

/** Rows a batch writes this many at a time, so a large import never holds all of its rows. */
const WRITE_BATCH = 500

/** Collects rows and writes them a batch at a time; `flush` writes the rest. */
export function rowWriter(ctx: IntelContext) {
  const pending: EntityRow[] = []
  return {
    async add(rows: EntityRow[]): Promise<void> {
      pending.push(...rows)
      if (pending.length >= WRITE_BATCH) await ctx.store.entities.insertMany(pending.splice(0))
    },
    flush: () => ctx.store.entities.insertMany(pending.splice(0)),
  }
}

/** Stores a built entity and the event that records its creation. */
export async function insertEntity(ctx: IntelContext, actor: Actor, record: EntityRecord, now: string): Promise<void> {
  await ctx.store.entities.insertMany(creationRows(ctx, actor, record, now))
}

export async function createEntity(ctx: IntelContext, actor: Actor, family: EntityFamily, input: unknown): Promise<Document> {
  const now = nowIso(ctx, actor)
  const record = buildEntity(ctx, actor, family, input, now)
  await insertEntity(ctx, actor, record, now)
  return record.document
}

export async function findEntity(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string): Promise<EntityRecord> {
  const key = keyOf(id, family.type)
  const record = key ? await ctx.store.entities.find(actor.orgId, key) : undefined
  if (!record || record.type !== family.type) throw entityNotFound(family.type, id)
  return record
}

/** Stores `doc` as the new state of `record`, stamping `modified`. */
export async function saveEntity(ctx: IntelContext, actor: Actor, record: EntityRecord, doc: Document): Promise<Document> {
  const now = nowIso(ctx, actor)
  const next: Document = { ...doc, modified: now }
  if (!('modified' in record.document)) delete next.modified
  await ctx.store.entities.replace({ ...record, document: next }, indexOf({ ...next, ...record.internal }, now))
  await recordEvent(ctx, actor, 'record-updated', next, now, record.document)
  return next
}

/** The part of a stored document a client may send back in a PUT (server fields removed). */
export function editable(doc: Document): Document {
  const out = { ...doc }
  for (const field of [...SERVER_FIELDS, 'modified']) delete out[field]
  return out
}

/** How an update reached the store: one entity at a time, or in a bulk call (which CTIA writes without the previous document). */
export type UpdateKind = 'single' | 'bulk'

/**
 * `doc` as CTIA realizes and stores it in place of `record`: an incident gets the incident_time its status change
 * stamps, and keeps and completes its intervals, unless a bulk call wrote it (CTIA's bulk store loses them).
 */
function realizeUpdate(family: EntityFamily, record: EntityRecord, doc: Document, now: string, kind: UpdateKind): { record: EntityRecord; doc: Document } {
  if (family.type !== 'incident') return { record, doc }
  const next = withStatusTimes(doc, record.document, now)
  const intervals = kind === 'bulk' ? {} : nextIntervals(record.document, intervalsOf(record.internal), next)
  return { record: { ...record, internal: intervalsField(intervals) }, doc: next }
}

export async function replaceEntity(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, input: unknown, kind: UpdateKind = 'single'): Promise<Document> {
  validate(family.newSchema, checkedAsCtim(family, input))
  const found = await findEntity(ctx, actor, family, id)
  const now = nowIso(ctx, actor)
  const who = { owner: actor.owner, orgId: actor.orgId, clientId: actor.clientId }
  const rebuilt = withDefaults(family, carriedOver(input as Document, found.document), String(found.document.id), now, who, String(found.document.secret ?? ''))
  for (const field of SERVER_FIELDS) if (field in found.document) rebuilt[field] = found.document[field]
  const { record, doc } = realizeUpdate(family, found, rebuilt, now, kind)
  return saveEntity(ctx, actor, record, checkSpec(family, doc))
}

const isMap = (value: unknown): value is Document => value !== null && typeof value === 'object' && !Array.isArray(value)

/** `patch` over `base` as CTIA's patch flow merges them: maps field by field, anything else (lists too) replaced. */
export function deepMerge(base: Document, patch: Document): Document {
  const out: Document = { ...base }
  for (const [field, value] of Object.entries(patch)) out[field] = isMap(out[field]) && isMap(value) ? deepMerge(out[field], value) : value
  return out
}

export async function patchEntity(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, input: unknown, kind: UpdateKind = 'single'): Promise<Document> {
  if (family.patchSchema) validate(family.patchSchema, input)
  const found = await findEntity(ctx, actor, family, id)
  const now = nowIso(ctx, actor)
  const patched = deepMerge(found.document, input as Document)
  const { record, doc } = realizeUpdate(family, found, { ...patched, id: found.document.id, type: family.type }, now, kind)
  const merged = editable(doc)
  for (const field of SERVER_FIELDS) delete merged[field]
  validate(family.newSchema, checkedAsCtim(family, merged))
  return saveEntity(ctx, actor, record, checkSpec(family, doc))
}

/** Deletes entities of an org, recording an event for each; answers how many were deleted. */
export async function removeEntities(ctx: IntelContext, actor: Actor, records: EntityRecord[]): Promise<number> {
  const now = nowIso(ctx, actor)
  const count = await ctx.store.entities.deleteMany(actor.orgId, records.map((r) => r.key))
  if (records.length > 0 && records[0]!.type !== 'event') {
    await ctx.store.entities.insertMany(records.map((record) => eventRow(ctx, actor, 'record-deleted', record.document, now)))
  }
  return count
}

export async function deleteEntity(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string): Promise<void> {
  const record = await findEntity(ctx, actor, family, id)
  await removeEntities(ctx, actor, [record])
}

export async function byExternalId(ctx: IntelContext, actor: Actor, family: EntityFamily, externalId: string): Promise<Document[]> {
  const records = await ctx.store.entities.byExternalIds(actor.orgId, family.type, [externalId])
  return records.map((r) => r.document)
}

/** Ends an entity's validity now (judgement, asset-mapping, asset-properties `expire`), noting the reason. */
export async function expireEntity(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, reason: string): Promise<Document> {
  const record = await findEntity(ctx, actor, family, id)
  const now = nowIso(ctx, actor)
  const valid = (record.document.valid_time ?? {}) as Document
  const doc = { ...record.document, valid_time: { ...valid, end_time: now } } as Document
  // CTIA's (update :reason str " " reason): the new text after a space, even when there was no reason before.
  if (family.type === 'judgement') doc.reason = `${typeof record.document.reason === 'string' ? record.document.reason : ''} ${reason}`
  return saveEntity(ctx, actor, record, doc)
}
