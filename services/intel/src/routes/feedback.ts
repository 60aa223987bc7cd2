// GET /ctia/feedback?entity_id=: the feedback about one entity, as CTIA lists it (ctia.entity.feedback
// `feedback-by-entity-route`): `entity_id` required, paging and sorting on feedback's own fields, CTIA's paging headers.
import type { ServiceApp } from '@ctrmock/kit'
import type { SwaggerParameter } from '../domain/ctia-spec.ts'
import type { IntelContext } from '../domain/context.ts'
import { familyOf } from '../domain/entity-families.ts'
import { searchEntities } from '../domain/entity-search.ts'
import { declaredParameters } from './declared-parameters.ts'
import { operation } from './operation.ts'
import { pageResult, searchParams } from './search-params.ts'

// CTIA's FeedbackQueryParams are a list route's: the paging, `sort_by` and `fields` of an external-id lookup.
const LIST_ROUTE = '/ctia/tool/external_id/{external_id}'
const ENTITY_ID: SwaggerParameter = { in: 'query', name: 'entity_id', required: true, type: 'string' }

export async function feedbackRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const family = familyOf('feedback')!
  const own = declaredParameters(family, familyOf('tool')!)
  operation(app, {
    method: 'GET', path: '/ctia/feedback', access: 'read', family: family.type, tag: family.type, parametersOf: LIST_ROUTE,
    adjustParameters: (parameters) => [...(own ? own(parameters) : parameters).filter((p) => p.in === 'query'), ENTITY_ID],
    handler: async ({ actor, query }) =>
      pageResult(await searchEntities(ctx, actor, family, { ...searchParams(query), filters: { entity_id: String(query.entity_id) } })),
  })
}
