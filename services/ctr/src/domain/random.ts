// Where CTR's ids and secrets come from, as SSE's domain/random.ts: crypto in a running service (wiring.ts), a seeded
// sequence where a test must predict them.
import { createHash } from 'node:crypto'

export interface CtrRandom {
  /** A new uuid for an org, user, module type, module instance or judgement. */
  id(): string
  /** Bytes nobody can guess: API client passwords and password salts. */
  bytes(length: number): Buffer
}

/** A uuid derived from a name, so the same name gives the same id on every instance. */
export function stableUuid(name: string): string {
  const hex = sha256(name).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const sha256 = (text: string) => createHash('sha256').update(text).digest()

/** The same seed gives the same ids and bytes in the same order. */
export function seededRandom(seed: string): CtrRandom {
  let n = 0
  return {
    id: () => stableUuid(`${seed}:${n++}`),
    bytes: (length) => Buffer.concat(Array.from({ length: Math.ceil(length / 32) }, () => sha256(`${seed}:${n++}`))).subarray(0, length),
  }
}
