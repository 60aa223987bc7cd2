// IROH scopes as the intel service reads them: `private-intel` grants reading and writing, `private-intel:read` only
// reading, `private-intel:write` only writing; `casebook` (or its :read/:write) also grants casebooks, as in XDR.

export type Access = 'read' | 'write'

function grants(granted: string, family: string, access: Access): boolean {
  const [path, suffix] = granted.split(':')
  return path === family && (suffix === undefined || suffix === access)
}

/** The scopes that would allow `access` to an entity family (or to the service as a whole when no family). */
export function acceptedScopes(access: Access, type?: string): string[] {
  const families = type === 'casebook' ? ['private-intel', 'casebook'] : ['private-intel']
  return families.flatMap((family) => [family, `${family}:${access}`])
}

export function allows(granted: readonly string[], access: Access, type?: string): boolean {
  const families = type === 'casebook' ? ['private-intel', 'casebook'] : ['private-intel']
  return granted.some((scope) => families.some((family) => grants(scope, family, access)))
}
