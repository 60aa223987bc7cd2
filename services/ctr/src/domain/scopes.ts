// IROH scope semantics: a scope is a path ("enrich", "enrich/observables/observe") with an optional access suffix
// (":read" or ":write"; none grants both). A granted scope covers a required one when its path is a prefix of the
// required path (whole segments) and its access is absent or the same: "enrich" covers
// "enrich/observables/observe:read"; "inspect:read" covers nothing under "enrich".

export type Access = 'read' | 'write'

interface ParsedScope {
  path: string[]
  access?: Access
}

function parse(scope: string): ParsedScope | undefined {
  const [path, access, extra] = scope.split(':')
  if (extra !== undefined || !path) return undefined
  if (access !== undefined && access !== 'read' && access !== 'write') return undefined
  const segments = path.split('/')
  if (segments.some((s) => s === '')) return undefined
  return access ? { path: segments, access } : { path: segments }
}

export function isValidScope(scope: string): boolean {
  return /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*(:(read|write))?$/i.test(scope) && parse(scope) !== undefined
}

export function covers(granted: string, required: string): boolean {
  const g = parse(granted)
  const r = parse(required)
  if (!g || !r) return false
  if (g.path.length > r.path.length) return false
  if (g.access && g.access !== r.access) return false
  return g.path.every((segment, i) => segment === r.path[i])
}

/** The required scopes none of the granted scopes covers. */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  return required.filter((r) => !granted.some((g) => covers(g, r)))
}

// The scopes IROH's authorization-server metadata lists (specs/iroh/oauth-as.json).
export const ALL_SCOPES = [
  'admin', 'ao', 'asset', 'base-telemetry', 'casebook', 'cognitive', 'detection', 'enrich', 'event', 'feedback',
  'forensics_admin', 'forensics_analyst', 'forensics_responder', 'global-intel', 'insights', 'inspect', 'integration',
  'investigation', 'invite', 'notification', 'oauth', 'orbital', 'playbook', 'private-intel', 'profile', 'registry',
  'response', 'security-events', 'sse', 'telemetry', 'users', 'webhook',
] as const

// What an API client gets unless told otherwise: every scope a CTR/ESA integration uses. Not all of ALL_SCOPES,
// since every scope appears three times in each access token and so in every request's Authorization header.
export const DEFAULT_SCOPES = [
  'casebook', 'enrich', 'event', 'feedback', 'global-intel', 'inspect', 'integration', 'notification', 'private-intel',
  'profile', 'response', 'sse', 'telemetry', 'users', 'webhook',
] as const

// What each IROH route family requires (cisco-api.md §1.4–§1.8).
export const REQUIRED_SCOPES = {
  inspect: 'inspect:read',
  observe: 'enrich/observables/observe:read',
  observeTargets: 'enrich/targets/observe:read',
  deliberate: 'enrich/observables/deliberate:read',
  refer: 'enrich/observables/refer:read',
  reputation: 'enrich/observables/reputation:read',
  enrichSettings: 'enrich:read',
  health: 'integration/health:read',
  moduleTypeRead: 'integration/module-type:read',
  moduleTypeWrite: 'integration/module-type:write',
  moduleInstanceRead: 'integration/module-instance:read',
  moduleInstanceWrite: 'integration/module-instance:write',
  // IROH documents no scope for its dashboard; its tiles come from module instances, so reading those suffices.
  dashboard: 'integration/module-instance:read',
  respondObservables: 'response/observables:read',
  respondSighting: 'response/sighting:read',
  respondTrigger: 'response/trigger:write',
  profileRead: 'profile:read',
  profileWrite: 'profile:write',
  sseRead: 'sse/device:read',
  sseWrite: 'sse/device:write',
  feedbackRead: 'feedback:read',
  feedbackWrite: 'feedback:write',
  eventRead: 'event:read',
  webhookRead: 'webhook/management:read',
  webhookWrite: 'webhook/management:write',
  webhookResultRead: 'webhook/result:read',
  webhookResultWrite: 'webhook/result:write',
} as const
