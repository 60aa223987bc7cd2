// Where CTR's record ids come from: random in a running service, a seeded sequence where a test must predict them.
import { createHash } from 'node:crypto'

export interface IdSource {
  /** A new uuid for an org, user, module type, module instance or judgement. */
  id(): string
}

/** A uuid derived from a name, so the same name gives the same id on every instance. */
export function stableUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The same seed gives the same ids in the same order. */
export function seededIds(seed: string): IdSource {
  let n = 0
  return { id: () => stableUuid(`${seed}:${n++}`) }
}
