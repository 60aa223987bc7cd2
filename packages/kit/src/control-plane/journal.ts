// A bounded ring of recent requests per process: what happened, to whom, which fault fired, and any domain note
// (e.g. the real reason a registration failed, which the device itself is never told).
import type { JournalEntry, JournalFault, JournalQuery } from '@ctrmock/types'

export type { JournalEntry, JournalFault }

export type JournalFilter = JournalQuery

/** What a request leaves behind: its time and URL as they came, formatted only when someone reads the journal (every
 *  request writes an entry; few are ever read). */
export interface JournalRecord extends Omit<JournalEntry, 'id' | 'at' | 'path' | 'service' | 'region'> {
  at: Date
  /** The request URL; the entry's path is it without the query. */
  url: string
}

/** URLs the journal has seen, so a repeated one is stored as one string (see `Journal`). */
const KNOWN_URLS_MAX = 512

/**
 * Kept in columns, not as an object per request: an entry lives for the next `size` requests, long enough to outlive
 * a young-generation GC, so an object per request was copied, promoted and later collected as old garbage. At tens of
 * thousands of requests per second that promotion needed fresh old-space pages every few milliseconds, and the page
 * faults cost more than the work of the requests (BENCHMARKS.md). Numbers sit in typed arrays; the
 * strings are shared ones (method, the org's id, a repeated URL). Every entry names the journal's own service.
 */
export class Journal {
  #ids: Float64Array
  #at: Float64Array
  #status: Uint16Array
  #durationMs: Float64Array
  #method: string[]
  #url: string[]
  #org: (string | undefined)[]
  #fault: (JournalFault | undefined)[]
  #note: (string | undefined)[]
  #count = 0
  /** The slot the next entry takes; once full, the oldest entry's. */
  #next = 0
  #nextId = 1
  #knownUrls = new Map<string, string>()

  constructor(readonly size: number, private readonly owner: { service: string; region?: string }) {
    this.#ids = new Float64Array(size)
    this.#at = new Float64Array(size)
    this.#status = new Uint16Array(size)
    this.#durationMs = new Float64Array(size)
    this.#method = new Array<string>(size).fill('')
    this.#url = new Array<string>(size).fill('')
    this.#org = new Array<string | undefined>(size).fill(undefined)
    this.#fault = new Array<JournalFault | undefined>(size).fill(undefined)
    this.#note = new Array<string | undefined>(size).fill(undefined)
  }

  add(record: JournalRecord): void {
    const slot = this.#next
    this.#ids[slot] = this.#nextId++
    this.#at[slot] = record.at.getTime()
    this.#status[slot] = record.status
    this.#durationMs[slot] = record.durationMs
    this.#method[slot] = record.method
    this.#url[slot] = this.#knownUrl(record.url)
    this.#org[slot] = record.org
    this.#fault[slot] = record.fault
    this.#note[slot] = record.note
    this.#next = (slot + 1) % this.size
    if (this.#count < this.size) this.#count++
  }

  /** The same string for a URL seen before, so the request's own copy dies young. */
  #knownUrl(url: string): string {
    const known = this.#knownUrls.get(url)
    if (known !== undefined) return known
    if (this.#knownUrls.size >= KNOWN_URLS_MAX) this.#knownUrls.clear()
    this.#knownUrls.set(url, url)
    return url
  }

  /** Oldest first. */
  all(): JournalEntry[] {
    return this.#oldestFirst().map((slot) => this.#entry(slot))
  }

  #oldestFirst(): number[] {
    const first = this.#count < this.size ? 0 : this.#next
    return Array.from({ length: this.#count }, (_, i) => (first + i) % this.size)
  }

  #entry(slot: number): JournalEntry {
    const url = this.#url[slot]
    const queryAt = url.indexOf('?')
    const fault = this.#fault[slot]
    const note = this.#note[slot]
    return {
      id: this.#ids[slot], at: new Date(this.#at[slot]).toISOString(), service: this.owner.service, region: this.owner.region,
      method: this.#method[slot], path: queryAt < 0 ? url : url.slice(0, queryAt), status: this.#status[slot],
      org: this.#org[slot], durationMs: this.#durationMs[slot], ...(fault ? { fault } : {}), ...(note ? { note } : {}),
    }
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

  /** Forgets every entry, or one org's; the others keep their order and ids. */
  clear(org?: string): number {
    const before = this.#count
    const kept = org === undefined ? [] : this.#oldestFirst().filter((slot) => this.#org[slot] !== org)
    const columns = [this.#ids, this.#at, this.#status, this.#durationMs, this.#method, this.#url, this.#org, this.#fault, this.#note]
    for (const column of columns) {
      const values = kept.map((slot) => column[slot])
      values.forEach((value, i) => { (column as unknown[])[i] = value })
    }
    this.#count = kept.length
    this.#next = kept.length % this.size
    return before - kept.length
  }
}
