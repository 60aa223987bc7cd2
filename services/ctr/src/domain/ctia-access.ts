// What XDR's /iroh/private-intel use cases need from the org's private intelligence (CTIA), as the caller: reads that
// may find nothing and writes. The route hands in an implementation over the intel service; tests hand in memory.

export type CtiaQuery = Record<string, string | number | readonly string[] | undefined>
export type CtiaEntity = Record<string, unknown> & { id: string }

export interface CtiaAccess {
  /** A GET; undefined when CTIA answers 404. Other refusals are thrown in IROH's error shape. */
  read<T>(path: string, query?: CtiaQuery): Promise<T | undefined>
  /** A search: the entities found and CTIA's paging headers (`x-total-hits`, `x-next`, ...). */
  search(path: string, query?: CtiaQuery): Promise<{ entities: CtiaEntity[]; headers: Record<string, string> }>
  /** A POST, PUT or PATCH; CTIA's answer. Refusals are thrown in IROH's error shape. */
  write<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown): Promise<T>
}

// CTIA answers at most this many entities per search.
export const CTIA_SEARCH_LIMIT = 10_000

/** The last segment of an entity id (`https://host/ctia/incident/incident-1` → `incident-1`), the key of its routes. */
export function shortId(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1)
}

/** The entity type an id names, from its short id (`incident-1` → `incident`, `asset-properties-1` → `asset-properties`). */
export function typeOfId(id: string): string | undefined {
  return /^([a-z-]+)-[0-9a-f]{8}-/.exec(shortId(id))?.[1]
}

/** Every entity of a family a search finds (up to CTIA's limit). */
export async function searchAll(ctia: CtiaAccess, type: string, query: CtiaQuery = {}): Promise<CtiaEntity[]> {
  return (await ctia.search(`/ctia/${type}/search`, { limit: CTIA_SEARCH_LIMIT, ...query })).entities
}
