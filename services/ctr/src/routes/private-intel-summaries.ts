// XDR's incident summaries on /iroh/private-intel (specs iroh-private-intel.json): CTIA's incident search, each
// incident with the entities related to it; CTIA's paging headers passed on.
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { IntelClient } from '../clients/intel.ts'
import type { CtiaQuery } from '../domain/ctia-access.ts'
import { searchIncidentSummaries } from '../domain/incident-summaries.ts'
import { ctiaAccess } from './private-intel-ctia.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

export async function privateIntelSummaryRoutes(app: FastifyInstance, { intel }: { intel: IntelClient }) {
  app.get('/iroh/private-intel/incident-summary/search', {
    config: { scope: 'private-intel/incident:read' },
    schema: {
      tags: ['private-intel'], summary: 'Search incident summaries in Private Intel for related entity data',
      response: { 200: Type.Unknown(), ...AUTH_ERRORS, ...errorResponses(400, 503, 504) },
    },
  }, async (request, reply) => {
    const { summaries, headers } = await searchIncidentSummaries(ctiaAccess(intel, request.headers.authorization!), request.query as CtiaQuery)
    return reply.headers(headers).send(summaries)
  })
}
