// CTIA's entity ids: `https://<host>/ctia/<type>/<type>-<uuid>`. Routes take the last segment or the whole URL (as CTIA's
// long-id pattern reads it: any other string with a slash names nothing).

export function newEntityId(host: string, type: string, uuid: string): { id: string; key: string } {
  const key = `${type}-${uuid}`
  return { id: `https://${host}/ctia/${type}/${key}`, key }
}

/** The stored key of an id given as a URL or as its last segment, if it names an entity of `type` (any type if omitted). */
export function keyOf(id: string, type?: string): string | undefined {
  const key = /^https?:\/\/[^/]+\/(?:.*\/)?ctia\/[a-z-]+\/([^/]+)$/.exec(id)?.[1] ?? id
  const owner = /^([a-z-]+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(key)?.[1]
  if (!owner || (type !== undefined && owner !== type)) return undefined
  return key
}

/** The type an id names, from its key. */
export function typeOfId(id: string): string | undefined {
  const key = keyOf(id)
  return key ? key.slice(0, key.length - 37) : undefined
}

export const isTransientId = (id: unknown): id is string => typeof id === 'string' && id.startsWith('transient:')
