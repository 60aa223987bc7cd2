// Every entity family's CRUD, external-id, search, count, delete-by-search, metric and expire routes, declared from
// the Swagger for each family (one engine, no per-family copies).
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { ENTITY_FAMILIES, familyOf, type EntityFamily } from '../domain/entity-families.ts'
import { createEntity, deleteEntity, byExternalId, expireEntity, findEntity, patchEntity, replaceEntity } from '../domain/entities.ts'
import { present, selectFields } from '../domain/entity-defaults.ts'
import { countEntities, deleteBySearch, searchEntities } from '../domain/entity-search.ts'
import { computeMetric, type Granularity, type MetricKind } from '../domain/metrics.ts'
import { searchDocuments, withDefaultSort } from '../domain/search.ts'
import { missingCtiaCapability } from '../domain/errors.ts'
import { declaredParameters } from './declared-parameters.ts'
import { operation, type QueryValue } from './operation.ts'
import { pageResult, searchParams } from './search-params.ts'

const strings = (value: QueryValue | undefined) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String))

function familyRoutes(app: ServiceApp, ctx: IntelContext, family: EntityFamily): void {
  const base = `/ctia/${family.type}`
  const tag = family.type
  const common = { family: family.type, tag }
  const lender = family.borrowsFrom ? familyOf(family.borrowsFrom) : undefined
  const borrowed = (path: string, metric?: MetricKind) => (family.borrowsFrom
    ? { parametersOf: path.replace(base, `/ctia/${family.borrowsFrom}`), adjustParameters: lender && declaredParameters(family, lender, metric) }
    : {})
  const show = (doc: Record<string, unknown>) => present(family, doc)

  operation(app, {
    ...common, method: 'POST', path: base, ...borrowed(base), access: 'write', handler: async ({ actor, body }) =>
      ({ status: 201, body: show(await createEntity(ctx, actor, family, body)) }),
  })
  // A route CTIA does not give a family is left to the not-found handler (or, for GET and DELETE `search`, to `/{id}`).
  if (family.update) {
    operation(app, {
      ...common, method: 'PUT', path: `${base}/{id}`, ...borrowed(`${base}/{id}`), access: 'write', handler: async ({ actor, params, body }) => {
        // CTIA's judgement routes need create-judgement and developer to replace one, which no IROH token has.
        if (family.type === 'judgement') throw missingCtiaCapability(['create-judgement', 'developer'], actor.owner)
        return { body: show(await replaceEntity(ctx, actor, family, params.id!, body)) }
      },
    })
  }
  if (family.patchSchema) {
    operation(app, {
      ...common, method: 'PATCH', path: `${base}/{id}`, ...borrowed(`${base}/{id}`), access: 'write', handler: async ({ actor, params, body }) =>
        ({ body: show(await patchEntity(ctx, actor, family, params.id!, body)) }),
    })
  }
  operation(app, {
    ...common, method: 'GET', path: `${base}/{id}`, ...borrowed(`${base}/{id}`), access: 'read', handler: async ({ actor, params, query }) =>
      ({ body: selectFields(show((await findEntity(ctx, actor, family, params.id!)).document), strings(query.fields)) }),
  })
  operation(app, {
    ...common, method: 'DELETE', path: `${base}/{id}`, ...borrowed(`${base}/{id}`), access: 'write', handler: async ({ actor, params }) => {
      await deleteEntity(ctx, actor, family, params.id!)
      return { status: 204 }
    },
  })
  operation(app, {
    ...common, method: 'GET', path: `${base}/external_id/{external_id}`, ...borrowed(`${base}/external_id/{external_id}`), access: 'read', handler: async ({ actor, params, query }) => {
      const docs = await byExternalId(ctx, actor, family, params.external_id!)
      return pageResult(searchDocuments(docs, withDefaultSort({ ...searchParams(query), filters: {} }, family.type), show))
    },
  })
  if (family.search) {
    operation(app, {
      ...common, method: 'GET', path: `${base}/search`, ...borrowed(`${base}/search`), access: 'read', handler: async ({ actor, query }) =>
        pageResult(await searchEntities(ctx, actor, family, searchParams(query, family))),
    })
    operation(app, {
      ...common, method: 'GET', path: `${base}/search/count`, ...borrowed(`${base}/search/count`), access: 'read', handler: async ({ actor, query }) =>
        ({ body: await countEntities(ctx, actor, family, searchParams(query, family)) }),
    })
    operation(app, {
      ...common, method: 'DELETE', path: `${base}/search`, ...borrowed(`${base}/search`), access: 'write', handler: async ({ actor, query }) =>
        ({ body: await deleteBySearch(ctx, actor, family, searchParams(query, family), query.REALLY_DELETE_ALL_THESE_ENTITIES === true) }),
    })
  }
  if (family.expire) {
    operation(app, {
      ...common, method: 'POST', path: `${base}/{id}/expire`, ...borrowed(`${base}/{id}/expire`), access: 'write', handler: async ({ actor, params, query }) =>
        ({ body: show(await expireEntity(ctx, actor, family, params.id!, String(query.reason ?? ''))) }),
    })
  }
  for (const kind of family.metrics as MetricKind[]) {
    operation(app, {
      ...common, method: 'GET', path: `${base}/metric/${kind}`, ...borrowed(`${base}/metric/${kind}`, kind), access: 'read', handler: async ({ actor, query }) => {
        const { result, total } = await computeMetric(ctx, actor, family, kind, {
          aggregateOn: String(query['aggregate-on']), from: String(query.from),
          ...(query.to !== undefined ? { to: String(query.to) } : {}),
          ...(query.granularity !== undefined ? { granularity: query.granularity as Granularity } : {}),
          ...(query.timezone !== undefined ? { timezone: String(query.timezone) } : {}),
          ...(typeof query.limit === 'number' ? { limit: query.limit } : {}),
          ...(query.sort_order !== undefined ? { sortOrder: String(query.sort_order) } : {}),
          search: searchParams(query, family),
        })
        return { body: result, headers: { 'X-Total-Hits': String(total) } }
      },
    })
  }
}

export async function entityRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  for (const family of ENTITY_FAMILIES) familyRoutes(app, ctx, family)
}
