// Mock Intelligence: judgements of observables that a tester sets (instance settings or the module's own response
// actions), answered as CTIM judgements and verdicts. An org's own judgements live in the intel service.
import { invalidRequest } from './errors.ts'
import {
  CTIM_FAR_FUTURE, CTIM_SCHEMA_VERSION, DISPOSITION_BY_NAME, DISPOSITIONS, OBSERVABLE_TYPES,
  type Confidence, type Disposition, type Judgement, type Observable, type ObservableType, type Severity,
} from '@ctrmock/types'
import type { CtrRandom } from './random.ts'

export type JudgementOrigin = 'settings' | 'response'

export interface IntelJudgement {
  id: string
  orgId: string
  origin: JudgementOrigin
  moduleInstanceId?: string
  observable: Observable
  disposition: Disposition
  priority: number
  confidence: Confidence
  severity: Severity
  reason?: string
  source?: string
  validFrom: Date
  validUntil: Date
  createdAt: Date
}

export type JudgementSpec = Omit<IntelJudgement, 'id' | 'orgId' | 'origin' | 'createdAt' | 'validFrom' | 'validUntil'> & {
  validFrom?: Date
  validUntil?: Date
}

const DEFAULT_SEVERITY: Record<Disposition, Severity> = { 1: 'Info', 2: 'High', 3: 'Medium', 4: 'Info', 5: 'Unknown' }
export const DEFAULT_PRIORITY = 90

function disposition(value: unknown, where: string): Disposition {
  if (typeof value === 'number' && value in DISPOSITIONS) return value as Disposition
  if (typeof value === 'string') {
    const name = Object.keys(DISPOSITION_BY_NAME).find((n) => n.toLowerCase() === value.trim().toLowerCase())
    if (name) return DISPOSITION_BY_NAME[name as keyof typeof DISPOSITION_BY_NAME]
    if (/^[1-5]$/.test(value.trim())) return Number(value) as Disposition
  }
  throw invalidRequest(`${where}: disposition must be 1-5 or one of Clean, Malicious, Suspicious, Common, Unknown`)
}

function observable(type: unknown, value: unknown, where: string): Observable {
  if (typeof type !== 'string' || !(OBSERVABLE_TYPES as readonly string[]).includes(type)) {
    throw invalidRequest(`${where}: "${String(type)}" is not a CTIM observable type`)
  }
  if (typeof value !== 'string' || !value.trim() || value.length > 2048) throw invalidRequest(`${where}: observable value must be a non-empty string`)
  return { type: type as ObservableType, value }
}

function priority(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) throw invalidRequest(`${where}: priority must be an integer from 0 to 100`)
  return n
}

/** "type:value" → observable (the value may itself contain colons). */
function keyed(key: string, where: string): Observable {
  const colon = key.indexOf(':')
  if (colon < 1) throw invalidRequest(`${where}: "${key}" should read type:value`)
  return observable(key.slice(0, colon).trim(), key.slice(colon + 1).trim(), where)
}

/**
 * The `judgements` setting of a Mock Intelligence instance: lines `type:value=Disposition`, or a map from
 * "type:value" to a disposition or to {disposition, priority?, reason?}. `priority` sets the default priority.
 */
export function parseJudgementSettings(settings: Record<string, unknown>): JudgementSpec[] {
  const defaultPriority = settings.priority === undefined ? DEFAULT_PRIORITY : priority(settings.priority, 'settings.priority')
  const raw = settings.judgements
  if (raw === undefined || raw === '') return []
  const specs: JudgementSpec[] = []
  const add = (obs: Observable, disp: Disposition, prio = defaultPriority, reason?: string) =>
    specs.push({ observable: obs, disposition: disp, priority: prio, confidence: 'High', severity: DEFAULT_SEVERITY[disp], ...(reason ? { reason } : {}) })
  if (typeof raw === 'string') {
    for (const [i, line] of raw.split(/\r?\n|;/).entries()) {
      if (!line.trim()) continue
      const eq = line.lastIndexOf('=')
      const where = `settings.judgements line ${i + 1}`
      if (eq < 0) throw invalidRequest(`${where}: "${line.trim()}" should read type:value=Disposition`)
      add(keyed(line.slice(0, eq).trim(), where), disposition(line.slice(eq + 1), where))
    }
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      const where = `settings.judgements["${key}"]`
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const v = value as Record<string, unknown>
        add(keyed(key, where), disposition(v.disposition, where), v.priority === undefined ? defaultPriority : priority(v.priority, where),
          typeof v.reason === 'string' ? v.reason.slice(0, 1024) : undefined)
      } else add(keyed(key, where), disposition(value, where))
    }
  } else {
    throw invalidRequest('settings.judgements: lines of type:value=Disposition, or a map from "type:value" to a disposition')
  }
  if (specs.length > 1000) throw invalidRequest('settings.judgements: at most 1000 judgements per instance')
  return specs
}

export function newJudgement(random: CtrRandom, orgId: string, origin: JudgementOrigin, spec: JudgementSpec, now: Date): IntelJudgement {
  return {
    ...spec, id: random.id(), orgId, origin, createdAt: now, validFrom: spec.validFrom ?? now,
    validUntil: spec.validUntil ?? new Date(CTIM_FAR_FUTURE),
  }
}

export function judgementDoc(judgement: IntelJudgement, source: string): Judgement {
  return {
    id: `transient:judgement-${judgement.id}`,
    type: 'judgement',
    schema_version: CTIM_SCHEMA_VERSION,
    source: judgement.source ?? source,
    observable: judgement.observable,
    disposition: judgement.disposition,
    disposition_name: DISPOSITIONS[judgement.disposition],
    priority: judgement.priority,
    confidence: judgement.confidence,
    severity: judgement.severity,
    valid_time: { start_time: judgement.validFrom.toISOString(), end_time: judgement.validUntil.toISOString() },
    timestamp: judgement.createdAt.toISOString(),
    ...(judgement.reason ? { reason: judgement.reason } : {}),
  }
}
