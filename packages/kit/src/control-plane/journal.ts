// A bounded ring of recent requests per process: what happened, to whom, which fault fired, and any domain note
// (e.g. the real reason a registration failed, which the device itself is never told).
import type { JournalEntry, JournalFault, JournalQuery } from '@ctrmock/types'

export type { JournalEntry, JournalFault }

export type JournalFilter = JournalQuery

/** What a request leaves behind: its time and URL as they came. */
export interface JournalRecord extends Omit<JournalEntry, 'id' | 'at' | 'path' | 'service' | 'region'> {
  at: Date
  /** The request URL; the entry's path is it without the query. */
  url: string
}

interface Stored extends JournalRecord {
  id: number
}

/** The newest `size` requests, oldest first; an entry is formatted only when someone reads the journal. */
export class Journal {
  #entries: Stored[] = []
  #nextId = 1

  constructor(readonly size: number, private readonly owner: { service: string; region?: string }) {}

  add(record: JournalRecord): void {
    this.#entries.push({ ...record, id: this.#nextId++ })
    if (this.#entries.length > this.size) this.#entries.shift()
  }

  /** Oldest first. */
  all(): JournalEntry[] {
    return this.#entries.map((stored) => this.#entry(stored))
  }

  #entry({ id, at, url, method, status, org, durationMs, fault, note }: Stored): JournalEntry {
    const queryAt = url.indexOf('?')
    return {
      id, at: at.toISOString(), service: this.owner.service, region: this.owner.region,
      method, path: queryAt < 0 ? url : url.slice(0, queryAt), status, org, durationMs,
      ...(fault ? { fault } : {}), ...(note ? { note } : {}),
    }
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const found = this.all().filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase())
        && (filter.path === undefined || e.path.includes(filter.path))
        && (filter.status === undefined || e.status === filter.status)
        && (filter.org === undefined || e.org === filter.org)
        && (filter.sinceId === undefined || e.id > filter.sinceId)
        && (filter.hasFault === undefined || Boolean(e.fault) === filter.hasFault),
    )
    return filter.limit === undefined ? found : found.slice(-filter.limit)
  }

  /** Forgets every entry, or one org's; the others keep their order and ids. */
  clear(org?: string): number {
    const before = this.#entries.length
    this.#entries = org === undefined ? [] : this.#entries.filter((e) => e.org !== org)
    return before - this.#entries.length
  }
}
