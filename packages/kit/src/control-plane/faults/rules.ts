// Fault rules as plain data and the pure decisions over them: does a rule match a request, and does a
// seeded rule fire on its n-th evaluation. Storage and HTTP live elsewhere.

export type FaultActionType = 'error' | 'latency' | 'reset' | 'timeout'

export interface FaultRule {
  id: string
  position: number
  match: { method?: string; path: string; org?: string; region?: string }
  action: { type: FaultActionType; status?: number; body?: unknown; delayMs?: number }
  probability: number
  seed?: number
  remaining?: number
  fired: number
}

export interface RequestFacts {
  method: string
  path: string
  org?: string
  region?: string
}

const patternCache = new Map<string, RegExp>()

/**
 * Path patterns: `*` matches within one segment, `**` across segments, anything else literally;
 * a pattern starting with `^` is a regular expression.
 */
export function compilePattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern)
  if (!compiled) {
    compiled = pattern.startsWith('^')
      ? new RegExp(pattern)
      : new RegExp(
        '^'
            + pattern
              .split(/(\*\*|\*)/)
              .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
              .join('')
            + '$',
      )
    patternCache.set(pattern, compiled)
  }
  return compiled
}

export function isValidPattern(pattern: string): boolean {
  try {
    compilePattern(pattern)
    return true
  } catch {
    return false
  }
}

export function ruleMatches(rule: FaultRule, request: RequestFacts): boolean {
  const { match } = rule
  if (match.method && match.method.toUpperCase() !== request.method.toUpperCase()) return false
  if (match.org && match.org !== request.org) return false
  if (match.region && match.region !== request.region) return false
  if (rule.remaining !== undefined && rule.remaining <= 0) return false
  return compilePattern(match.path).test(request.path)
}

/** A number in [0, 1) fixed by (seed, n): the n-th draw of a rule's reproducible sequence (mulberry32). */
export function seededDraw(seed: number, n: number): number {
  let t = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(n | 0, 0x85ebca6b) + 0x6d2b79f5) | 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
