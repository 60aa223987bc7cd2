// Transient ids (`transient:...`) as CTIA's bulk creation treats them: an entity given one is known by it until it is
// created; only a relationship's source_ref and target_ref and an asset mapping's or asset properties' asset_ref are
// resolved to the created ids, so those families come after the others (CTIA's create-bulk phases).
import type { EntityFamily } from './entity-families.ts'
import { isTransientId } from './entity-ids.ts'

type Doc = Record<string, unknown>

const RESOLVED_REFS: Record<string, string[]> = { relationship: ['source_ref', 'target_ref'], 'asset-mapping': ['asset_ref'], 'asset-properties': ['asset_ref'] }
const PHASES: Record<string, number> = { 'asset-mapping': 1, 'asset-properties': 1, relationship: 2 }

/** When a family is created in a bulk or bundle: everything else, then asset mappings and properties, then relationships. */
export function creationPhase(family: EntityFamily): number {
  return PHASES[family.type] ?? 0
}

/** The entity with its transient refs resolved where CTIA resolves them; other fields as sent. */
export function resolveRefs(family: EntityFamily, item: Doc, ids: ReadonlyMap<string, string>): Doc {
  const resolved: Doc = { ...item }
  for (const field of RESOLVED_REFS[family.type] ?? []) {
    const ref = resolved[field]
    if (typeof ref === 'string') resolved[field] = ids.get(ref) ?? ref
  }
  return resolved
}

/** CTIA's realize-relationship: a relationship whose source or target is still a transient id is not created. */
export function transientRefProblem(relationship: Doc): string | undefined {
  if (!isTransientId(relationship.source_ref) && !isTransientId(relationship.target_ref)) return undefined
  return 'A relationship cannot be created if a source or a target ref is still a transient ID (The source or target entity is probably not provided in the bundle)'
}
