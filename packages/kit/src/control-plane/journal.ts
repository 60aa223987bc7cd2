// A bounded ring of recent requests per process: what happened, to whom, which fault fired, and any domain note
// (e.g. the real reason a registration failed, which the device itself is never told).
import type { JournalEntry, JournalFault, JournalQuery } from '@ctrmock/types'

export type { JournalEntry, JournalFault }

export type JournalFilter = JournalQuery

/** What a request leaves behind: its time and URL as they came, formatted only when someone reads the journal (every
 *  request writes an entry; few are ever read). */
export interface JournalRecord extends Omit<JournalEntry, 'id' | 'at' | 'path'> {
  at: Date
  /** The request URL; the entry's path is it without the query. */
  url: string
}

interface Stored extends JournalRecord {
  id: number
}

export class Journal {
  #entries: Stored[] = []
  #start = 0
  #nextId = 1

  constructor(readonly size: number) {}

  /** Takes the record over (it becomes the stored entry, given its id): no copy per request. */
  add(record: JournalRecord): void {
    const stored = record as Stored
    stored.id = this.#nextId++
    if (this.#entries.length < this.size) this.#entries.push(stored)
    else {
      this.#entries[this.#start] = stored
      this.#start = (this.#start + 1) % this.size
    }
  }

  /** Oldest first. */
  all(): JournalEntry[] {
    return this.#oldestFirst().map(entryOf)
  }

  #oldestFirst(): Stored[] {
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
    this.#entries = org === undefined ? [] : this.#oldestFirst().filter((e) => e.org !== org)
    this.#start = 0
    return before - this.#entries.length
  }
}

function entryOf({ id, at, service, region, method, url, status, org, durationMs, fault, note }: Stored): JournalEntry {
  const queryAt = url.indexOf('?')
  return {
    id, at: at.toISOString(), service, region, method, path: queryAt < 0 ? url : url.slice(0, queryAt), status, org, durationMs,
    ...(fault ? { fault } : {}), ...(note ? { note } : {}),
  }
}
