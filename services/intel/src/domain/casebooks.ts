// Casebook edits: add, remove or replace observables, texts, or the entities of its bundle.
import type { Actor, IntelContext } from './context.ts'
import type { EntityFamily } from './entity-families.ts'
import { findEntity, saveEntity } from './entities.ts'
import { canonical } from './events.ts'

type Doc = Record<string, unknown>
export type Operation = 'add' | 'remove' | 'replace'

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b)

/**
 * The list after `operation` with `items`, as CTIA's patch flow merges them (clj-momo's deep-merge-with over
 * ctia.lib.collection): add appends, duplicates and all; remove drops equal items; replace takes the items. A list the
 * casebook does not have yet takes the items whatever the operation, since the merge applies it only where both have one.
 */
export function applyToList(current: unknown[] | undefined, operation: Operation, items: unknown[]): unknown[] {
  if (current === undefined || operation === 'replace') return [...items]
  if (operation === 'remove') return current.filter((c) => !items.some((i) => same(c, i)))
  return [...current, ...items]
}

const listAt = (doc: Doc, field: string): unknown[] | undefined => (Array.isArray(doc[field]) ? (doc[field] as unknown[]) : undefined)

export async function editCasebookList(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, field: 'observables' | 'texts', operation: Operation, items: unknown[]): Promise<Doc> {
  const record = await findEntity(ctx, actor, family, id)
  return saveEntity(ctx, actor, record, { ...record.document, [field]: applyToList(listAt(record.document, field), operation, items) })
}

/** Each list the bundle names is merged as above; the casebook's other lists stay, even on a replace. */
export async function editCasebookBundle(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, operation: Operation, bundle: Doc): Promise<Doc> {
  const record = await findEntity(ctx, actor, family, id)
  const current = (record.document.bundle ?? {}) as Doc
  const next: Doc = { ...current }
  for (const [key, value] of Object.entries(bundle)) {
    if (Array.isArray(value)) next[key] = applyToList(listAt(current, key), operation, value)
    else if (!(key in current) || operation !== 'remove') next[key] = value
  }
  return saveEntity(ctx, actor, record, { ...record.document, bundle: next })
}
