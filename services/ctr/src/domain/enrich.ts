// The aggregate answer of enrich and response calls (cisco-api.md §1.5, §1.6): always 200, one data entry per
// module that answered, every module failure in errors[] with the module's name and ids added. What a module
// sends is kept only where it fits: per-module data holds CTIM plural keys only, each {count, docs}.
import {
  CTIM_PLURALS, RELAY_ERROR_TYPES, type CtimPlural, type EnrichError, type EnrichModuleResult, type ModuleObserveBundle,
  type Ref, type Action, type ModuleHealthResult, type Observable,
} from '@ctrmock/types'
import { invalidRequest } from './errors.ts'
import { reputation } from './verdicts.ts'

export interface ModuleRef {
  name: string
  instanceId: string
  typeId: string
}

export interface ModuleError {
  type: string
  code: string
  message: string
}

export interface ModuleOutcome<T = unknown> {
  module: ModuleRef
  data?: T
  errors: ModuleError[]
}

export interface Link {
  id: string
  title: string
  description: string
  url: string
  categories?: string[]
}

function moduleFields(module: ModuleRef) {
  return { module: module.name, module_instance_id: module.instanceId, module_type_id: module.typeId }
}

export function enrichError(module: ModuleRef, error: Partial<ModuleError>): EnrichError {
  const type = (RELAY_ERROR_TYPES as readonly string[]).includes(error.type ?? '') ? error.type as EnrichError['type'] : 'fatal'
  return {
    ...moduleFields(module),
    code: typeof error.code === 'string' && error.code ? error.code.slice(0, 200) : 'unknown',
    message: typeof error.message === 'string' ? error.message.slice(0, 2000) : 'The module answered with an error',
    type,
  }
}

/** Whatever a module sent as errors (relay protocol), as error entries. */
export function moduleErrors(errors: unknown): ModuleError[] {
  if (!Array.isArray(errors)) return []
  return errors.slice(0, 100).map((e) => {
    const err = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>
    return {
      type: typeof err.type === 'string' ? err.type : 'fatal',
      code: typeof err.code === 'string' ? err.code : 'unknown',
      message: typeof err.message === 'string' ? err.message : JSON.stringify(e)?.slice(0, 500) ?? 'error',
    }
  })
}

/** Keeps the CTIM plural keys of a module's data, each as {count, docs}; `only` restricts the keys (deliberate). */
export function ctimBundle(data: unknown, only?: readonly CtimPlural[]): ModuleObserveBundle {
  const bundle: Record<string, { count: number; docs: unknown[] }> = {}
  if (!data || typeof data !== 'object' || Array.isArray(data)) return bundle
  for (const key of only ?? CTIM_PLURALS) {
    const list = (data as Record<string, unknown>)[key] as { count?: unknown; docs?: unknown } | undefined
    if (!list || typeof list !== 'object' || !Array.isArray(list.docs)) continue
    const docs = list.docs.filter((doc) => doc && typeof doc === 'object' && !Array.isArray(doc))
    bundle[key] = { count: Number.isInteger(list.count) && (list.count as number) >= docs.length ? list.count as number : docs.length, docs }
  }
  return bundle as ModuleObserveBundle
}

export interface Aggregate<T> {
  data: T[]
  errors: EnrichError[]
}

/** Every module's errors as IROH's top-level entries, with the module's ids. */
export function errorsOf(outcomes: readonly ModuleOutcome[]): EnrichError[] {
  return outcomes.flatMap((o) => o.errors.map((e) => enrichError(o.module, e)))
}

export function aggregateBundles(outcomes: readonly ModuleOutcome[], options: { verdictsOnly?: boolean } = {}): Aggregate<EnrichModuleResult> {
  const only = options.verdictsOnly ? (['verdicts'] as const) : undefined
  return {
    data: outcomes
      .filter((o) => o.data !== undefined)
      .map((o) => ({ ...moduleFields(o.module), data: ctimBundle(o.data, only) })),
    errors: errorsOf(outcomes),
  }
}

function isLink(item: unknown): item is Link {
  const l = item as Link
  return !!l && typeof l === 'object' && typeof l.id === 'string' && typeof l.title === 'string'
    && typeof l.description === 'string' && typeof l.url === 'string'
}

function linkFields(link: Link) {
  const categories = Array.isArray(link.categories) ? [...new Set(link.categories.filter((c) => typeof c === 'string'))] : undefined
  return { id: link.id, title: link.title, description: link.description, url: link.url, ...(categories ? { categories } : {}) }
}

export function aggregateRefers(outcomes: readonly ModuleOutcome[]): Aggregate<Ref> {
  return {
    data: outcomes.flatMap((o) => (Array.isArray(o.data) ? o.data.filter(isLink) : [])
      .map((link) => ({ ...moduleFields(o.module), ...linkFields(link) }))),
    errors: errorsOf(outcomes),
  }
}

/** A relay's respond action → IROH's Action, whose url (relative to /iroh/iroh-response) triggers it. */
export function actionUrl(instanceId: string, actionId: string, queryParams: Record<string, unknown>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(queryParams)) if (typeof value === 'string') query.set(key, value)
  const qs = query.toString()
  return `/respond/trigger/${encodeURIComponent(instanceId)}/${encodeURIComponent(actionId)}${qs ? `?${qs}` : ''}`
}

export function aggregateActions(outcomes: readonly ModuleOutcome[]): Aggregate<Action> {
  return {
    data: outcomes.flatMap((o) => (Array.isArray(o.data) ? o.data : []).flatMap((item) => {
      const action = item as Link & { 'query-params'?: Record<string, unknown> }
      if (!action || typeof action !== 'object' || typeof action.id !== 'string' || typeof action.title !== 'string'
        || typeof action.description !== 'string') return []
      const params = action['query-params'] && typeof action['query-params'] === 'object' ? action['query-params'] : {}
      return [{ ...moduleFields(o.module), ...linkFields({ ...action, url: actionUrl(o.module.instanceId, action.id, params) }) }]
    })),
    errors: errorsOf(outcomes),
  }
}

export function healthResult(outcome: ModuleOutcome): ModuleHealthResult {
  const status = (outcome.data as { status?: unknown } | undefined)?.status
  const known = status === 'ok' || status === 'error' || status === 'unknown'
  return {
    ...moduleFields(outcome.module),
    data: { status: outcome.errors.some((e) => e.type !== 'warning') ? 'error' : known ? status : outcome.data ? 'unknown' : 'error' },
  }
}

export function aggregateHealth(outcomes: readonly ModuleOutcome[]): Aggregate<ModuleHealthResult> {
  return { data: outcomes.map(healthResult), errors: errorsOf(outcomes) }
}

/** observe/targets' optional time window; a start after the end is the caller's mistake. */
export function timeWindow(start?: string, end?: string): { start?: Date; end?: Date } {
  if (start && end && Date.parse(start) > Date.parse(end)) throw invalidRequest('start_time must not be after end_time')
  return { ...(start ? { start: new Date(start) } : {}), ...(end ? { end: new Date(end) } : {}) }
}

/** One observable's reputation: the best verdict any module gave it, beside every module's verdicts. */
export function reputationAnswer(outcomes: readonly ModuleOutcome[], observable: Observable) {
  const { data, errors } = aggregateBundles(outcomes, { verdictsOnly: true })
  const best = reputation(data.flatMap((entry) => (entry.data.verdicts?.docs ?? [])
    .filter((v) => v.observable.type === observable.type && v.observable.value === observable.value)))
  return { data: { ...(best ? { reputation: best } : {}), data, errors } }
}

/** One module's health; a module without a health API (no outcome) has unknown health. */
export function singleHealth(ref: ModuleRef, outcome: ModuleOutcome | undefined) {
  const answer = outcome ?? { module: ref, data: { status: 'unknown' }, errors: [] }
  return { data: healthResult(answer), errors: answer.errors.map((e) => enrichError(ref, e)) }
}

/** A triggered action succeeded only when the module says so; a module without response actions (no outcome) refuses. */
export function triggerResult(ref: ModuleRef, outcome: ModuleOutcome | undefined) {
  const answer = outcome ?? { module: ref, errors: [{ type: 'fatal' as const, code: 'invalid argument', message: `${ref.name} has no response actions` }] }
  const status = (answer.data as { status?: unknown } | undefined)?.status === 'success' ? 'success' as const : 'failure' as const
  const errors = answer.errors.map((e) => enrichError(ref, e))
  return { data: { status }, ...(errors.length > 0 ? { errors } : {}) }
}
