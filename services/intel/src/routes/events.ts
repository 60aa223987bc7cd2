// /ctia/event/*: the event log CTIA keeps of every change (read, search, count, an entity's history; deleting needs
// capabilities no IROH token carries).
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { CTIA_SPEC } from '../domain/ctia-spec.ts'
import type { EntityFamily } from '../domain/entity-families.ts'
import { findEntity } from '../domain/entities.ts'
import { present, selectFields } from '../domain/entity-defaults.ts'
import { countEntities, searchEntities } from '../domain/entity-search.ts'
import { entityHistory } from '../domain/events.ts'
import { keyOf, typeOfId } from '../domain/entity-ids.ts'
import { missingCtiaCapability } from '../domain/errors.ts'
import { operation, type QueryValue } from './operation.ts'
import { pageResult, searchParams } from './search-params.ts'

const strings = (value: QueryValue | undefined) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String))

// Events are not created through the API, so the Swagger has no POST /ctia/event: their family is declared here.
const EVENT_SEARCH = new Set(['query', 'simple_query', 'search_fields', 'from', 'to', 'sort_by', 'sort_order', 'limit', 'offset', 'search_after', 'fields', 'wait_for', 'REALLY_DELETE_ALL_THESE_ENTITIES'])
const EVENT: EntityFamily = {
  type: 'event', plural: 'events', newSchema: 'PartialEvent', schema: 'PartialEvent', expire: false, search: true, update: false, metrics: [], fields: [],
  filters: (CTIA_SPEC.paths['/ctia/event/search']?.get?.parameters ?? []).filter((p) => p.in === 'query' && !EVENT_SEARCH.has(p.name)).map((p) => p.name),
}

export async function eventRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const common = { family: 'event', tag: 'event' }
  operation(app, {
    ...common, method: 'GET', path: '/ctia/event/{id}', access: 'read', handler: async ({ actor, params, query }) =>
      ({ body: selectFields(present(EVENT, (await findEntity(ctx, actor, EVENT, params.id!)).document), strings(query.fields)) }),
  })
  operation(app, {
    // CTIA's event routes need delete-event and developer to delete, which no IROH token has (the SDK's tests).
    ...common, method: 'DELETE', path: '/ctia/event/{id}', access: 'write', handler: async ({ actor }) => {
      throw missingCtiaCapability(['developer', 'delete-event'], actor.owner)
    },
  })
  operation(app, {
    ...common, method: 'GET', path: '/ctia/event/search', access: 'read', handler: async ({ actor, query }) =>
      pageResult(await searchEntities(ctx, actor, EVENT, searchParams(query, EVENT))),
  })
  operation(app, {
    ...common, method: 'GET', path: '/ctia/event/search/count', access: 'read', handler: async ({ actor, query }) =>
      ({ body: await countEntities(ctx, actor, EVENT, searchParams(query, EVENT)) }),
  })
  operation(app, {
    ...common, method: 'DELETE', path: '/ctia/event/search', access: 'write', handler: async ({ actor }) => {
      throw missingCtiaCapability(['search-event', 'developer', 'delete-event'], actor.owner)
    },
  })
  operation(app, {
    ...common, method: 'GET', path: '/ctia/event/history/{entity_id}', access: 'read', handler: async ({ actor, params }) => {
      const given = params.entity_id!
      const key = keyOf(given)
      const id = given.includes('/') || !key ? given : `https://${ctx.publicHost}/ctia/${typeOfId(key)}/${key}`
      return { body: await entityHistory(ctx, actor, id) }
    },
  })
}
