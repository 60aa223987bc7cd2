// IROH scopes as the intel service reads them. A scope is a path with an optional access: it grants every path below
// it, for that access only or for both. `private-intel` grants everything, `private-intel:read` every read,
// `private-intel/incident` reading and writing incidents, `private-intel/incident:read` only reading them (XDR's
// narrower scopes); `casebook` (or its :read/:write) also grants casebooks, as in XDR.

export type Access = 'read' | 'write'

/** The scope paths that would grant an entity family (or, without one, the service as a whole), widest first. */
function pathsFor(type?: string): string[][] {
  const paths = [['private-intel'], ...(type ? [['private-intel', type]] : [])]
  return type === 'casebook' ? [...paths, ['casebook']] : paths
}

function grants(granted: string, path: string[], access: Access): boolean {
  const [scopePath = '', suffix, ...rest] = granted.split(':')
  if (rest.length > 0 || (suffix !== undefined && suffix !== access)) return false
  const segments = scopePath.split('/')
  return segments.length <= path.length && segments.every((segment, i) => segment === path[i])
}

/** The scopes that would allow `access` to an entity family (or to the service as a whole when no family). */
export function acceptedScopes(access: Access, type?: string): string[] {
  return pathsFor(type).map((path) => path.join('/')).flatMap((scope) => [scope, `${scope}:${access}`])
}

export function allows(granted: readonly string[], access: Access, type?: string): boolean {
  const paths = pathsFor(type)
  return granted.some((scope) => paths.some((path) => grants(scope, path, access)))
}
