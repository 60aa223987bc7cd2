// /ctia/attack-pattern/mitre/{mitre-id}, /ctia/vulnerability/cpe_match_strings, and the feed views (by secret).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { attackPatternByMitreId, feedView, vulnerabilitiesByCpe } from '../domain/family-lookups.ts'
import { requestValidation } from '../domain/errors.ts'
import { operation } from './operation.ts'
import { pageResult, searchParams } from './search-params.ts'

export async function familyLookupRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  operation(app, {
    method: 'GET', path: '/ctia/attack-pattern/mitre/{mitre-id}', access: 'read', family: 'attack-pattern', tag: 'attack-pattern', handler: async ({ actor, params }) =>
      ({ body: await attackPatternByMitreId(ctx, actor, params['mitre-id']!) }),
  })
  operation(app, {
    method: 'GET', path: '/ctia/vulnerability/cpe_match_strings', access: 'read', family: 'vulnerability', tag: 'vulnerability', handler: async ({ actor, query }) => {
      const cpes = (query.cpe23_match_strings as string[]).map(String)
      return pageResult(await vulnerabilitiesByCpe(ctx, actor, cpes, searchParams(query)))
    },
  })
}

/** Feed views take the feed's secret instead of a token. */
export async function feedViewRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const read = (request: FastifyRequest) => {
    const { id } = request.params as { id: string }
    const { s, limit } = request.query as { s?: string; limit?: string }
    if (!s) throw requestValidation('query-params', { s: 'missing-required-key' }, request.query)
    const n = limit === undefined ? undefined : Number(limit)
    if (n !== undefined && !Number.isInteger(n)) throw requestValidation('query-params', { limit: `(not (integer? ${JSON.stringify(limit)}))` }, request.query)
    return feedView(ctx, id, s, n)
  }
  app.get('/ctia/feed/:id/view', { schema: { tags: ['feed'] } }, async (request: FastifyRequest, reply: FastifyReply) =>
    reply.type('application/json; charset=utf-8').send(JSON.stringify(await read(request))))
  app.get('/ctia/feed/:id/view.txt', { schema: { tags: ['feed'] } }, async (request: FastifyRequest, reply: FastifyReply) => {
    // CTIA's view.txt: the sorted `value` of each entry of the feed's output.
    const view = await read(request)
    const entries = 'observables' in view ? view.observables : view.judgements
    return reply.type('text/plain; charset=utf-8').send(entries.map((entry) => String(entry.value ?? '')).sort().join('\n'))
  })
}
