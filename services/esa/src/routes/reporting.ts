// Monitor > Incoming Mail over the AsyncOS API: GET /reporting/mail_incoming_traffic_summary, the report the XSOAR
// Cisco ESA integration fetches by default.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IncomingTrafficSummaryResponse } from '@ctrmock/types'
import { INCOMING_TRAFFIC_SUMMARY, incomingTrafficSummary } from '../domain/reports.ts'
import { asyncosWindow } from '../domain/message-tracking.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth, applianceOf } from './auth.ts'
import { oneOf } from './schemas.ts'

// startDate / endDate are optional in the schema: AsyncOS answers their absence with its own 404, not a 400.
const ReportQuery = Type.Object({
  startDate: Type.Optional(Type.String({ maxLength: 64, description: 'Required, e.g. 2026-03-02T00:00:00.000Z' })),
  endDate: Type.Optional(Type.String({ maxLength: 64, description: 'Required, e.g. 2026-03-03T00:00:00.000Z' })),
  device_type: Type.Optional(oneOf(['esa'])),
})

export async function reportingRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))

  app.get(`/esa/api/v2.0/reporting/${INCOMING_TRAFFIC_SUMMARY}`, {
    schema: { tags: ['AsyncOS API'], summary: 'Incoming mail in a window, counted per recipient by verdict', querystring: ReportQuery, response: { 200: IncomingTrafficSummaryResponse } },
  }, async (request) => {
    const { from, to } = asyncosWindow(request.query.startDate, request.query.endDate)
    const rows = await wiring.store.trackedMessages.recipientsByVerdict(applianceOf(request).id, from, to)
    return { meta: { totalCount: -1 }, data: { type: INCOMING_TRAFFIC_SUMMARY, resultSet: incomingTrafficSummary(rows) } }
  })
}
