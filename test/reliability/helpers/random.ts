// A seeded generator (mulberry32): the same seed replays the same fuzz cases, so a failure can be reproduced.
export class SeededRandom {
  #state: number

  constructor(readonly seed: number) {
    this.#state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    const chars = [...alphabet]
    let out = ''
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)]
    return out
  }
}

/** RELIABILITY_SCALE multiplies the default counts (CI runs 1). */
export const SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE) || 1)

/** RELIABILITY_SEED replays another run; the default is fixed so CI runs are reproducible. */
export const SEED = Number(process.env.RELIABILITY_SEED) || 0x5eed
