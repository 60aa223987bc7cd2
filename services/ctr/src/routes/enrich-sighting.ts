// /iroh/iroh-enrich/{observe,deliberate,refer}/sighting and .../sighting_ref, as Cisco's SDK calls them: a sighting's
// observables enriched as observe/deliberate/refer observables are. A sighting_ref names one of the org's sightings in
// private intelligence, which CTR reads with the org's token before enriching it the same way.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { EnrichObserveResponse, EnrichQuerystring, EnrichReferResponse, Sighting } from '@ctrmock/types'
import { aggregateBundles, aggregateRefers } from '../domain/enrich.ts'
import { notASightingRef, sightingNotFound } from '../domain/errors.ts'
import { viaIntel } from './private-intel-ctia.ts'
import { openSchema } from '../domain/module-documents.ts'
import { sightingObservables, sightingRefKey } from '../domain/sighting-observables.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { askEnabled } from '../module-adapters/index.ts'
import { baseUrl } from './base-url.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

// A sighting from a newer CTIM or with extensions is still enriched; only its observables are read.
const AnySighting = openSchema(Sighting)
const FAMILIES = [
  { family: 'observe', api: 'observe/observables', scope: REQUIRED_SCOPES.observe, response: openSchema(EnrichObserveResponse) },
  { family: 'deliberate', api: 'deliberate/observables', scope: REQUIRED_SCOPES.deliberate, response: openSchema(EnrichObserveResponse) },
  { family: 'refer', api: 'refer/observables', scope: REQUIRED_SCOPES.refer, response: EnrichReferResponse },
] as const

export async function enrichSightingRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404, 503, 504) }
  /** The org's sighting a ref names, read from private intelligence. */
  const sightingOf = async (orgId: string, ref: string) => {
    const key = sightingRefKey(ref)
    if (key === undefined) throw notASightingRef(ref)
    if (!wiring.intel) throw sightingNotFound(ref)
    const sighting = await viaIntel(wiring.intel.sighting(orgId, key, wiring.config.MODULE_TIMEOUT_MS))
    if (sighting === undefined) throw sightingNotFound(ref)
    return sighting
  }
  for (const { family, api, scope, response } of FAMILIES) {
    const enrich = async (request: FastifyRequest, mids: readonly string[] | undefined, sighting: Parameters<typeof sightingObservables>[0]) => {
      const adapters = wiring.adapterContext(baseUrl(request, wiring.config.PUBLIC_URL))
      const outcomes = await askEnabled(adapters, request.auth!.orgId, api, { observables: sightingObservables(sighting) }, mids)
      return family === 'refer' ? aggregateRefers(outcomes) : aggregateBundles(outcomes, { verdictsOnly: family === 'deliberate' })
    }
    app.post(`/iroh/iroh-enrich/${family}/sighting`, {
      config: { scope },
      schema: { tags: ['enrich'], summary: `${family} the observables of a sighting`, querystring: EnrichQuerystring, body: AnySighting, response: { 200: response, ...errors } },
    }, async (request) => enrich(request, request.query.mids, request.body))
    app.post(`/iroh/iroh-enrich/${family}/sighting_ref`, {
      config: { scope },
      schema: {
        tags: ['enrich'], summary: `${family} the observables of one of the org's sightings in private intelligence, by its id`,
        querystring: EnrichQuerystring, body: Type.String({ minLength: 1, maxLength: 2000 }), response: { 200: response, ...errors },
      },
    }, async (request) => {
      // Ajv's type coercion passes a one-item list of a string, but cannot unwrap it at the top of the body.
      const body: unknown = request.body
      const ref = String(Array.isArray(body) ? body[0] : body)
      return enrich(request, request.query.mids, await sightingOf(request.auth!.orgId, ref))
    })
  }
}
