// A read cache for state a service reads on every call of a hot path (the org's module instances, a device's row,
// an appliance and its settings), so the path costs no query while nothing changed.
//
// Exactness comes from the owner: every write through the store calls `invalidate()` (after its transaction commits).
// A load that overlaps a write is never kept: an entry remembers the generation its load started in, and any
// invalidation since then makes it stale. `ttlMs` bounds how long a write this process cannot see (another replica
// on the same database, a row changed by hand) stays unseen.

interface Entry<V> {
  value: V
  generation: number
  loadedAt: number
}

export interface StateCacheOptions {
  ttlMs: number
  /** Entries kept; the oldest is dropped first. */
  maxEntries: number
  /** Monotonic milliseconds; injected by tests. */
  now?: () => number
}

export class StateCache<V> {
  #generation = 0
  readonly #entries = new Map<string, Entry<V>>()
  readonly #ttlMs: number
  readonly #maxEntries: number
  readonly #now: () => number

  constructor(options: StateCacheOptions) {
    this.#ttlMs = options.ttlMs
    this.#maxEntries = options.maxEntries
    this.#now = options.now ?? (() => performance.now())
  }

  /** The cached value of `key`, or what `load` returns; `keep(value)` false leaves it uncached (e.g. not found). */
  async get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const entry = this.#entries.get(key)
    const now = this.#now()
    if (entry && entry.generation === this.#generation && now - entry.loadedAt < this.#ttlMs) return entry.value
    const generation = this.#generation
    const value = await load()
    if (generation === this.#generation && keep(value)) {
      this.#entries.delete(key)
      this.#entries.set(key, { value, generation, loadedAt: now })
      if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!)
    }
    return value
  }

  /** Forgets everything: call after any write that may change what `get` loads. */
  invalidate(): void {
    this.#generation++
    this.#entries.clear()
  }
}

/** `write` wrapped so that each call, once settled (committed or failed), invalidates the given caches. */
export function invalidating<A extends unknown[], R>(write: (...args: A) => Promise<R>, ...caches: Array<{ invalidate(): void }>): (...args: A) => Promise<R> {
  return (...args) => write(...args).finally(() => {
    for (const cache of caches) cache.invalidate()
  })
}
