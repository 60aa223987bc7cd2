// A bounded ring of recent requests per process: what happened, to whom, which fault fired, and any domain note
// (e.g. the real reason a registration failed, which the device itself is never told).
import type { JournalEntry, JournalFault, JournalQuery } from '@ctrmock/types'

export type { JournalEntry, JournalFault }

export type JournalFilter = JournalQuery

export class Journal {
  #entries: JournalEntry[] = []
  #start = 0
  #nextId = 1

  constructor(readonly size: number) {}

  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { id: this.#nextId++, ...entry }
    if (this.#entries.length < this.size) this.#entries.push(full)
    else {
      this.#entries[this.#start] = full
      this.#start = (this.#start + 1) % this.size
    }
    return full
  }

  /** Oldest first. */
  all(): JournalEntry[] {
    return [...this.#entries.slice(this.#start), ...this.#entries.slice(0, this.#start)]
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const found = this.all().filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || e.path.includes(filter.path)) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.org === undefined || e.org === filter.org) &&
        (filter.sinceId === undefined || e.id > filter.sinceId) &&
        (filter.hasFault === undefined || Boolean(e.fault) === filter.hasFault),
    )
    return filter.limit === undefined ? found : found.slice(-filter.limit)
  }

  clear(org?: string): number {
    const before = this.#entries.length
    this.#entries = org === undefined ? [] : this.all().filter((e) => e.org !== org)
    this.#start = 0
    return before - this.#entries.length
  }
}
