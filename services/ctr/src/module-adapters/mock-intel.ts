// Mock Intelligence: judgements from the database, verdicts by CTIM's rule, and "Mark as ..." response actions.
import { OBSERVABLE_TYPES, type ObservableType } from '@ctrmock/types'
import { judgementDoc, newJudgement, type IntelJudgement } from '../domain/intel.ts'
import { verdicts } from '../domain/verdicts.ts'
import type { ResolvedModule } from '../domain/module-instances.ts'
import { isDashboardApi, observablesOf, type ModuleAdapter, type ModuleAnswer, type AdapterContext } from './adapter.ts'

const ACTIONS = {
  'mark-malicious': { disposition: 2, title: 'Mark as Malicious' },
  'mark-suspicious': { disposition: 3, title: 'Mark as Suspicious' },
  'mark-clean': { disposition: 1, title: 'Mark as Clean' },
} as const

function valid(judgement: IntelJudgement, now: Date): boolean {
  return judgement.validFrom <= now && now < judgement.validUntil
}

async function trigger(module: ResolvedModule, actionId: string, params: Record<string, string>, ctx: AdapterContext): Promise<ModuleAnswer> {
  const action = ACTIONS[actionId as keyof typeof ACTIONS]
  const type = params.observable_type
  const value = params.observable_value
  if (!action || !type || !value || !(OBSERVABLE_TYPES as readonly string[]).includes(type)) {
    return { data: { status: 'failure' }, errors: [{ type: 'fatal', code: 'invalid argument', message: action ? 'observable_type and observable_value are required' : `Unknown action: ${actionId}` }] }
  }
  // A person's decision: CTIM's human priority (100).
  await ctx.store.judgements.add(newJudgement(ctx.random, module.instance.orgId, 'response', {
    moduleInstanceId: module.instance.id, observable: { type: type as ObservableType, value }, disposition: action.disposition,
    priority: 100, confidence: 'High', severity: action.disposition === 1 ? 'Info' : action.disposition === 2 ? 'High' : 'Medium',
    reason: `${action.title} (response action)`,
  }, ctx.clock.now(module.instance.orgId)))
  return { data: { status: 'success' }, errors: [] }
}

export const mockIntelModule: ModuleAdapter = {
  wants(_module, api, input) {
    if (isDashboardApi(api)) return false
    return !('observables' in input) || input.observables.length > 0
  },

  async call(module, api, input, ctx) {
    const name = module.instance.name
    const observables = observablesOf(input)
    switch (api) {
      case 'health':
        return { data: { status: 'ok' }, errors: [] }
      case 'refer/observables':
        return {
          data: observables.map((o) => ({
            id: `ref-mock-intel-${o.type}-${o.value}`, title: `Search for this ${o.type}`,
            description: `Lookup this ${o.type} in ${name}`, categories: [name, 'Search'],
            // The judgements live in the instance's settings, so the link opens the instance.
            url: `${ctx.publicUrl}/iroh/iroh-int/module-instance/${encodeURIComponent(module.instance.id)}`,
          })),
          errors: [],
        }
      case 'respond/observables':
        return {
          data: observables.flatMap((o) => Object.entries(ACTIONS).map(([id, action]) => ({
            id, title: action.title, description: `${action.title} in ${name}`, categories: [name, 'Judgement'],
            'query-params': { observable_type: o.type, observable_value: o.value },
          }))),
          errors: [],
        }
      case 'respond/trigger':
        return 'trigger' in input ? trigger(module, input.trigger.actionId, input.trigger.params, ctx) : { errors: [] }
      default: {
        const now = ctx.clock.now(module.instance.orgId)
        const stored = (await ctx.store.judgements.forObservables(module.instance.orgId, module.instance.id, observables)).filter((j) => valid(j, now))
        const judgements = stored.map((j) => judgementDoc(j, name))
        const found = verdicts(judgements, observables, now)
        const data: Record<string, unknown> = {}
        if (found.length > 0) data.verdicts = { count: found.length, docs: found }
        if (api === 'observe/observables' && judgements.length > 0) data.judgements = { count: judgements.length, docs: judgements }
        return { data, errors: [] }
      }
    }
  },
}
