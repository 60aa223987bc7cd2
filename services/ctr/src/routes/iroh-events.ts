// /iroh/iroh-event: the org's IROH events, by id, searched on their fields, and per incident.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { EventPaging, IrohEvent, SearchEventsResult, literalUnion } from '@ctrmock/types'
import { INCIDENT_EVENT_GROUPS, getEvent, incidentEvents, searchEvents } from '../domain/iroh-events.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['event']
const Id = Type.String({ minLength: 1, maxLength: 2000 })
const Include = literalUnion(INCIDENT_EVENT_GROUPS)
const IncidentQuery = Type.Composite([EventPaging, Type.Object({
  include: Type.Optional(Type.Union([Include, Type.Array(Include, { maxItems: INCIDENT_EVENT_GROUPS.length })])),
})])

export async function irohEventRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }
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
      tags: TAG, summary: 'The events of one incident: its changes and notes written through CTR, and workflows run for it',
      params: Type.Object({ incident_id: Id }), querystring: IncidentQuery, response: { 200: Type.Array(IrohEvent), ...errors },
    },
  }, async (request) => {
    const { include, ...paging } = request.query
    return incidentEvents(ctx, request.auth!.orgId, request.params.incident_id, include === undefined ? [] : Array.isArray(include) ? include : [include], paging)
  })
}
