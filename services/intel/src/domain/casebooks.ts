// Casebook edits: add, remove or replace observables, texts, or the entities of its bundle.
import type { Actor, IntelContext } from './context.ts'
import type { EntityFamily } from './entity-families.ts'
import { findEntity, saveEntity } from './entities.ts'
import { canonical } from './events.ts'

type Doc = Record<string, unknown>
export type Operation = 'add' | 'remove' | 'replace'

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b)

/** The list after `operation` with `items`: add keeps order and skips duplicates; remove drops equal items. */
export function applyToList(current: unknown[], operation: Operation, items: unknown[]): unknown[] {
  if (operation === 'replace') return [...items]
  if (operation === 'remove') return current.filter((c) => !items.some((i) => same(c, i)))
  return [...current, ...items.filter((i, n) => !current.some((c) => same(c, i)) && items.findIndex((j) => same(i, j)) === n)]
}

export async function editCasebookList(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, field: 'observables' | 'texts', operation: Operation, items: unknown[]): Promise<Doc> {
  const record = await findEntity(ctx, actor, family, id)
  const current = Array.isArray(record.document[field]) ? (record.document[field] as unknown[]) : []
  return saveEntity(ctx, actor, record, { ...record.document, [field]: applyToList(current, operation, items) })
}

export async function editCasebookBundle(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, operation: Operation, bundle: Doc): Promise<Doc> {
  const record = await findEntity(ctx, actor, family, id)
  const current = (record.document.bundle ?? {}) as Doc
  const next: Doc = operation === 'replace' ? { ...bundle } : { ...current }
  if (operation !== 'replace') {
    for (const [key, value] of Object.entries(bundle)) {
      if (!Array.isArray(value)) {
        if (operation === 'add') next[key] = value
        continue
      }
      next[key] = applyToList(Array.isArray(current[key]) ? (current[key] as unknown[]) : [], operation, value)
    }
  }
  return saveEntity(ctx, actor, record, { ...record.document, bundle: next })
}
