// Monitor > Message Tracking over the AsyncOS API: GET /message-tracking/messages and /details (cisco-api.md §5.3).
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  DELIVERY_STATUSES, FILTER_OPERATORS, MessageAmpDetails, MessageConnectionDetails, MessageDlpDetails, MessageTrackingDetailsResponse, MessageUrlDetails, MessageTrackingSearchResponse, QUARANTINE_STATUSES,
  type FilterOperator,
} from '@ctrmock/types'
import { connectionDetails, detailsCriteria, engineReport, ENGINE_REPORTS, messageDetails, searchAttributes, searchCriteria } from '../domain/message-tracking.ts'
import { notFound } from '../domain/errors.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth, applianceOf } from './auth.ts'
import { oneOf } from './schemas.ts'

const TAGS = ['AsyncOS API']
const text = (description?: string) => Type.Optional(Type.String({ maxLength: 1000, ...(description ? { description } : {}) }))
const operator = Type.Optional(oneOf<FilterOperator>(FILTER_OPERATORS, 'is | begins_with | contains (default is)'))
const date = (description: string) => Type.Optional(Type.String({ maxLength: 64, description }))

// startDate / endDate are optional in the schema: AsyncOS answers their absence with its own 404, not a 400.
const SearchQuery = Type.Object({
  startDate: date('Required. Start of the window, e.g. 2020-05-13T00:00:00.000Z'),
  endDate: date('Required. End of the window, e.g. 2020-05-14T13:42:00.000Z'),
  searchOption: Type.Optional(Type.String({ maxLength: 100, default: 'messages' })),
  ciscoHost: Type.Optional(Type.String({ maxLength: 255, default: 'All_Hosts' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size (default 100)' })),
  envelopeSenderfilterOperator: operator, envelopeSenderfilterValue: text('Envelope sender'),
  envelopeRecipientfilterOperator: operator, envelopeRecipientfilterValue: text('Envelope recipient'),
  subjectfilterOperator: operator, subjectfilterValue: text('Subject'),
  attachmentNameOperator: operator, attachmentNameValue: text('Attachment file name'),
  domainNameOperator: operator, domainNameValue: text('Envelope sender domain'),
  replyToOperator: operator, replyToValue: text('Reply-To header'),
  senderIp: text('Sender IP, exact'),
  messageIdHeader: text('Message-ID header, with or without angle brackets'),
  ciscoMid: text('MID'),
  fileSha256: text('SHA256 of an attachment'),
  messageDirection: text('incoming | outgoing'),
  deliveryStatus: Type.Optional(oneOf(DELIVERY_STATUSES)),
  quarantineStatus: Type.Optional(oneOf(QUARANTINE_STATUSES)),
})

const DetailsQuery = Type.Object({
  startDate: date('Optional, with endDate: the window to look in'),
  endDate: date('Optional, with startDate'),
  mid: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 100, description: 'Required. The MID; repeated for a message that split into several' })),
  icid: Type.Optional(Type.String({ maxLength: 20 })),
  serialNumber: Type.Optional(Type.String({ maxLength: 100 })),
})
// Connection details are also asked for with snake_case names (sma_serial_number, start_date, end_date).
const ConnectionQuery = Type.Composite([DetailsQuery, Type.Object({
  start_date: date('Optional, with end_date'),
  end_date: date('Optional, with start_date'),
  sma_serial_number: Type.Optional(Type.String({ maxLength: 100 })),
})])

export async function messageTrackingRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))

  app.get('/esa/api/v2.0/message-tracking/messages', {
    schema: {
      tags: TAGS, summary: 'Search tracked messages in a time window (newest first)',
      querystring: SearchQuery, response: { 200: MessageTrackingSearchResponse },
    },
  }, async (request) => {
    const appliance = applianceOf(request)
    const { criteria, page } = searchCriteria(appliance.id, request.query)
    const { total, records } = await wiring.store.trackedMessages.search(criteria, page)
    return {
      meta: { num_bad_records: 0, totalCount: total },
      data: records.map((m) => ({ attributes: searchAttributes(m, appliance) })),
    }
  })

  /** The tracked message a details query names, or AsyncOS's 404. */
  const tracked = async (applianceId: string, query: Static<typeof DetailsQuery>) => {
    const q = detailsCriteria(applianceId, query)
    const message = await wiring.store.trackedMessages.find(q)
    if (!message) throw notFound(`No tracked message with MID ${q.mids.join(', ')}${q.from ? ' in the given time range' : ''}.`)
    return message
  }

  app.get('/esa/api/v2.0/message-tracking/details', {
    schema: {
      tags: TAGS, summary: 'The details and processing summary of one tracked message',
      querystring: DetailsQuery, response: { 200: MessageTrackingDetailsResponse },
    },
  }, async (request) => {
    const appliance = applianceOf(request)
    return { data: { messages: messageDetails(await tracked(appliance.id, request.query), appliance) } }
  })

  app.get('/esa/api/v2.0/message-tracking/connection-details', {
    schema: {
      tags: TAGS, summary: 'The SMTP connection a tracked message came in on',
      querystring: ConnectionQuery, response: { 200: MessageConnectionDetails },
    },
  }, async (request) => {
    const appliance = applianceOf(request)
    const { start_date: startDate, end_date: endDate, ...query } = request.query
    const message = await tracked(appliance.id, { ...query, startDate: query.startDate ?? startDate, endDate: query.endDate ?? endDate })
    return connectionDetails(message, appliance)
  })

  const reports = { amp: MessageAmpDetails, dlp: MessageDlpDetails, url: MessageUrlDetails }
  for (const engine of ENGINE_REPORTS) {
    app.get(`/esa/api/v2.0/message-tracking/${engine}-details`, {
      schema: {
        tags: TAGS, summary: `The ${engine.toUpperCase()} report of one tracked message`,
        querystring: DetailsQuery, response: { 200: Type.Object({ data: Type.Object({ messages: reports[engine] }) }) },
      },
    }, async (request) => {
      const appliance = applianceOf(request)
      return { data: { messages: engineReport(await tracked(appliance.id, request.query), appliance, engine) } }
    })
  }
}
