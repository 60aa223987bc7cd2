// Private Intelligence: the org's own CTIA entities, read from the paired intel service with a token CTR mints for
// the org. Observe returns judgements, verdicts, sightings and indicators; deliberate the verdicts; refer a search.
import type { Observable } from '@ctrmock/types'
import { IntelCallError, type ObservableIntel } from '../clients/intel.ts'
import { observablesOf, type AdapterContext, type ModuleAdapter, type ModuleAnswer } from './adapter.ts'

const SUPPORTED = new Set(['health', 'observe/observables', 'deliberate/observables', 'refer/observables'])

function failure(error: unknown): ModuleAnswer {
  if (error instanceof IntelCallError) return { errors: [{ type: 'fatal', code: error.code, message: error.message }] }
  throw error
}

function list<T>(docs: T[]): { count: number; docs: T[] } {
  return { count: docs.length, docs }
}

/** The CTIA search of an observable's entities, as the refer link opens it. */
function searchUrl(publicUrl: string, observable: Observable): string {
  const query = `observable.type:"${observable.type}" AND observable.value:"${observable.value.replace(/(["\\])/g, '\\$1')}"`
  return `${publicUrl.replace(/\/$/, '')}/ctia/judgement/search?${new URLSearchParams({ query })}`
}

function enrichData(found: ObservableIntel[], observe: boolean): Record<string, unknown> {
  const verdicts = found.flatMap((f) => (f.verdict ? [f.verdict] : []))
  const data: Record<string, unknown> = {}
  if (verdicts.length > 0) data.verdicts = list(verdicts)
  if (!observe) return data
  const judgements = found.flatMap((f) => f.judgements)
  const sightings = found.flatMap((f) => f.sightings)
  const indicators = found.flatMap((f) => f.indicators)
  if (judgements.length > 0) data.judgements = list(judgements)
  if (sightings.length > 0) data.sightings = list(sightings)
  if (indicators.length > 0) data.indicators = list(indicators)
  return data
}

async function enrich(orgId: string, observables: Observable[], observe: boolean, ctx: AdapterContext, intel: NonNullable<AdapterContext['intel']>): Promise<ModuleAnswer> {
  try {
    const found = await Promise.all(observables.map((o) => intel.client.observable(orgId, o, ctx.timeoutMs)))
    return { data: enrichData(found, observe), errors: [] }
  } catch (error) {
    return failure(error)
  }
}

export const privateIntelModule: ModuleAdapter = {
  wants(_module, api, input) {
    if (!SUPPORTED.has(api)) return false
    return api === 'health' || observablesOf(input).length > 0
  },

  async call(module, api, input, ctx) {
    const intel = ctx.intel
    if (!intel) return { errors: [{ type: 'fatal', code: 'connection error', message: 'This region has no Private Intelligence service' }] }
    const orgId = module.instance.orgId
    const observables = observablesOf(input)
    switch (api) {
      case 'health':
        try {
          await intel.client.health(orgId, ctx.timeoutMs)
          return { data: { status: 'ok' }, errors: [] }
        } catch (error) {
          return { data: { status: 'error' }, ...failure(error) }
        }
      case 'refer/observables':
        return {
          data: observables.map((o) => ({
            id: `ref-private-intel-search-${o.type}-${o.value}`, title: `Search for this ${o.type}`,
            description: `Lookup this ${o.type} in ${module.instance.name}`, categories: [module.instance.name, 'Search'],
            url: searchUrl(intel.publicUrl, o),
          })),
          errors: [],
        }
      default:
        return enrich(orgId, observables, api === 'observe/observables', ctx, intel)
    }
  },
}
