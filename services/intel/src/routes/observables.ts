// /ctia/{observable_type}/{observable_value}/...: verdict, judgements, sightings, and the indicators and incidents
// linked to them.
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { CtiaError } from '../domain/errors.ts'
import { linkedIds, observableEntities, observableVerdict } from '../domain/observables.ts'
import { operation } from './operation.ts'
import { pageResult, searchParams } from './search-params.ts'

const BASE = '/ctia/{observable_type}/{observable_value}'

export async function observableRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const observableOf = (params: Record<string, string>) => ({ type: params.observable_type!, value: params.observable_value! })
  operation(app, {
    method: 'GET', path: `${BASE}/verdict`, access: 'read', tag: 'verdict', handler: async ({ actor, params }) => {
      const verdict = await observableVerdict(ctx, actor, observableOf(params))
      if (!verdict) throw new CtiaError(404, { error: 'no verdict' }, 'not_found')
      return { body: verdict }
    },
  })
  for (const type of ['judgement', 'sighting'] as const) {
    operation(app, {
      method: 'GET', path: `${BASE}/${type}s`, access: 'read', family: type, tag: type, handler: async ({ actor, params, query }) =>
        pageResult(await observableEntities(ctx, actor, type, observableOf(params), searchParams(query))),
    })
  }
  const links = [['judgement', 'indicator'], ['sighting', 'indicator'], ['sighting', 'incident']] as const
  for (const [from, target] of links) {
    operation(app, {
      method: 'GET', path: `${BASE}/${from}s/${target}s`, access: 'read', family: target, tag: target, handler: async ({ actor, params, query }) =>
        pageResult(await linkedIds(ctx, actor, from, target, observableOf(params), searchParams(query))),
    })
  }
}
