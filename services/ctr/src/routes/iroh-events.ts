// /iroh/iroh-event: the org's IROH events, by id, searched on their fields, and per incident.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { EventPaging, IrohEvent, SearchEventsResult } from '@ctrmock/types'
import { INCIDENT_EVENT_GROUPS, getEvent, incidentEvents, searchEvents } from '../domain/iroh-events.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { incidentNotFound } from '../domain/errors.ts'
import { ctiaAccess } from './private-intel-ctia.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses, listOf, oneOrMany } from './schemas.ts'

const TAG = ['event']
const Id = Type.String({ minLength: 1, maxLength: 2000 })
const IncidentQuery = Type.Composite([EventPaging, Type.Object({ include: Type.Optional(oneOrMany(INCIDENT_EVENT_GROUPS)) })])

/** Whether the caller's org has the incident in its private intelligence (none without one). */
async function incidentKnown(wiring: CtrWiring, incident: string, authorization: string): Promise<boolean> {
  if (!wiring.intel) return false
  const key = incident.slice(incident.lastIndexOf('/') + 1)
  return (await ctiaAccess(wiring.intel, authorization).read(`/ctia/incident/${encodeURIComponent(key)}`)) !== undefined
}

export async function irohEventRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404, 503, 504) }
  const { ctx } = wiring
  const config = { scope: REQUIRED_SCOPES.eventRead }

  app.get('/iroh/iroh-event/event/:id', {
    config, schema: { tags: TAG, summary: 'One event of the org', params: Type.Object({ id: Id }), response: { 200: IrohEvent, ...errors } },
  }, async (request) => getEvent(ctx, request.auth!.orgId, request.params.id))
  app.post('/iroh/iroh-event/event/search', {
    config,
    schema: {
      tags: TAG, summary: 'Events whose fields hold the values given (newest first unless sort_order=asc)',
      querystring: EventPaging, body: Type.Unknown(), response: { 200: SearchEventsResult, ...errors },
    },
  }, async (request) => searchEvents(ctx, request.auth!.orgId, request.body, request.query))
  app.get('/iroh/iroh-event/event/incident/:incident_id', {
    config,
    schema: {
      tags: TAG, summary: 'The events of one of the org\'s incidents: its changes and notes written through CTR, and workflows run for it',
      params: Type.Object({ incident_id: Id }), querystring: IncidentQuery, response: { 200: Type.Array(IrohEvent), ...errors },
    },
  }, async (request) => {
    const { include, ...paging } = request.query
    const incident = request.params.incident_id
    if (!(await incidentKnown(wiring, incident, request.headers.authorization!))) throw incidentNotFound(incident)
    return incidentEvents(ctx, request.auth!.orgId, incident, listOf(include), paging)
  })
}
