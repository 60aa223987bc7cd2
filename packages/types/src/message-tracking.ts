// AsyncOS message tracking, ESA `/esa/api/v2.0/message-tracking/*` (cisco-api.md §5.3: Cisco's Swagger-generated
// client docs, XSOAR and stix-shifter clients). Fields keep AsyncOS's mixed camelCase/snake_case spelling.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

export const FILTER_OPERATORS = ['is', 'begins_with', 'contains'] as const
export const FilterOperator = literalUnion(FILTER_OPERATORS)
export type FilterOperator = Static<typeof FilterOperator>

export const DELIVERY_STATUSES = ['DELIVERED', 'DROPPED', 'ABORTED', 'BOUNCED'] as const
export const QUARANTINE_STATUSES = ['POLICY', 'AMP', 'AV', 'UNCLASSIFIED', 'DLP', 'OUTBREAK'] as const

// startDate/endDate look like 2023-07-31T15:00:00.000Z (clients zero the seconds); response timestamps use this form.
export const ASYNCOS_TIMESTAMP_FORMAT = '%d %b %Y %H:%M:%S (GMT +00:00)'

const optionalString = Type.Optional(Type.String())
const optionalOperator = Type.Optional(FilterOperator)

// GET /message-tracking/messages query.
export const MessageTrackingSearchQuery = Type.Object({
  startDate: Type.String(),
  endDate: Type.String(),
  searchOption: Type.Optional(Type.String({ default: 'messages' })),
  ciscoHost: Type.Optional(Type.String({ default: 'All_Hosts' })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  envelopeSenderfilterOperator: optionalOperator,
  envelopeSenderfilterValue: optionalString,
  envelopeRecipientfilterOperator: optionalOperator,
  envelopeRecipientfilterValue: optionalString,
  subjectfilterOperator: optionalOperator,
  subjectfilterValue: optionalString,
  attachmentNameOperator: optionalOperator,
  attachmentNameValue: optionalString,
  domainNameOperator: optionalOperator,
  domainNameValue: optionalString,
  replyToOperator: optionalOperator,
  replyToValue: optionalString,
  senderIp: optionalString,
  messageIdHeader: optionalString,
  ciscoMid: optionalString,
  fileSha256: optionalString,
  messageDirection: optionalString,
  deliveryStatus: Type.Optional(literalUnion(DELIVERY_STATUSES)),
  quarantineStatus: Type.Optional(literalUnion(QUARANTINE_STATUSES)),
})
export type MessageTrackingSearchQuery = Static<typeof MessageTrackingSearchQuery>

// One search hit; maps are keyed by MID as a string ({"1619": "Delivered"}).
export const MessageTrackingAttributes = Type.Object({
  hostName: Type.String(),
  mid: Type.Array(Type.Integer()),
  isCompleteData: Type.Union([Type.String(), Type.Boolean()]),
  messageStatus: Type.Record(Type.String(), Type.String()),
  recipientMap: Type.Record(Type.String(), Type.Array(Type.String())),
  senderIp: Type.String(),
  mailPolicy: Type.Array(Type.String()),
  senderGroup: Type.String(),
  subject: Type.String(),
  friendly_from: Type.Array(Type.String()),
  senderDomain: Type.String(),
  direction: Type.String(),
  icid: Type.Integer(),
  morDetails: Type.Record(Type.String(), Type.Unknown()),
  replyTo: Type.String(),
  timestamp: Type.String(),
  messageID: Type.Record(Type.String(), Type.String()),
  verdictChart: Type.Record(Type.String(), Type.String()),
  recipient: Type.Array(Type.String()),
  sender: Type.String(),
  serialNumber: Type.String(),
  allIcid: Type.Array(Type.Integer()),
  sbrs: Type.String(),
})
export type MessageTrackingAttributes = Static<typeof MessageTrackingAttributes>

export const MessageTrackingSearchResponse = Type.Object({
  meta: Type.Object({ num_bad_records: Type.Integer(), totalCount: Type.Integer() }),
  data: Type.Array(Type.Object({ attributes: MessageTrackingAttributes })),
})
export type MessageTrackingSearchResponse = Static<typeof MessageTrackingSearchResponse>

// GET /message-tracking/details (also amp-, dlp-, url-, connection-details) query.
export const MessageTrackingDetailsQuery = Type.Object({
  startDate: Type.String(),
  endDate: Type.String(),
  mid: Type.String(),
  icid: Type.Optional(Type.String()),
  serialNumber: Type.Optional(Type.String()),
})
export type MessageTrackingDetailsQuery = Static<typeof MessageTrackingDetailsQuery>

export const MessageTrackingSummaryEvent = Type.Object({
  timestamp: Type.String(),
  description: Type.String(),
  lastEvent: Type.Boolean(),
})
export type MessageTrackingSummaryEvent = Static<typeof MessageTrackingSummaryEvent>

export const MessageTrackingDetails = Type.Object({
  mid: Type.Array(Type.Integer()),
  attachments: Type.Array(Type.String()),
  hostName: Type.String(),
  direction: Type.String(),
  isCompleteData: Type.Union([Type.String(), Type.Boolean()]),
  messageStatus: Type.String(),
  mailPolicy: Type.Array(Type.String()),
  senderGroup: Type.String(),
  subject: Type.String(),
  sdrAge: Type.String(),
  sdrCategory: Type.String(),
  sdrReputation: Type.String(),
  sdrThreatLevels: Type.String(),
  sendingHostSummary: Type.Object({
    reverseDnsHostname: Type.String(),
    ipAddress: Type.String(),
    sbrsScore: Type.String(),
  }),
  ampTgCategories: Type.Array(Type.String()),
  smtpAuthId: Type.String(),
  midHeader: Type.String(),
  timestamp: Type.String(),
  messageSize: Type.String(),
  recipient: Type.Array(Type.String()),
  sender: Type.String(),
  headerFrom: Type.String(),
  allIcid: Type.Array(Type.Integer()),
  showAMP: Type.Boolean(),
  showDLP: Type.Boolean(),
  showURL: Type.Boolean(),
  showSummaryTimeBox: Type.Boolean(),
  summary: Type.Array(MessageTrackingSummaryEvent),
})
export type MessageTrackingDetails = Static<typeof MessageTrackingDetails>

export const MessageTrackingDetailsResponse = Type.Object({
  data: Type.Object({ messages: MessageTrackingDetails }),
})
export type MessageTrackingDetailsResponse = Static<typeof MessageTrackingDetailsResponse>

// The AMP, DLP and URL reports of one message (`/message-tracking/amp-details`, `dlp-details`, `url-details`): the
// message's facts without its policy and processing summary, then the engine's own events or findings.
const EngineReportBase = Type.Composite([
  Type.Omit(MessageTrackingDetails, ['isCompleteData', 'mailPolicy', 'sendingHostSummary', 'showAMP', 'showDLP', 'showURL', 'showSummaryTimeBox', 'summary']),
  Type.Object({ sendingHostSummary: Type.Object({}) }),
])
const EngineEvent = Type.Object({ timestamp: Type.String(), description: Type.String(), lastEvent: Type.Optional(Type.Boolean()) })
export const MessageAmpDetails = Type.Composite([EngineReportBase, Type.Object({ showAMPDetails: Type.Boolean(), ampDetails: Type.Array(EngineEvent) })])
export const MessageDlpDetails = Type.Composite([EngineReportBase, Type.Object({ showDLPDetails: Type.Boolean(), dlpDetails: Type.Record(Type.String(), Type.Unknown()) })])
export const MessageUrlDetails = Type.Composite([EngineReportBase, Type.Object({ showURLDetails: Type.Boolean(), urlDetails: Type.Array(EngineEvent) })])
export type MessageEngineReport = Static<typeof MessageAmpDetails> | Static<typeof MessageDlpDetails> | Static<typeof MessageUrlDetails>

// `/message-tracking/connection-details`: the events of the SMTP connection a message came in on. Unlike the other
// details it has no `data` envelope (Cisco's Swagger and recorded answers agree).
export const MessageConnectionDetails = Type.Object({
  messages: Type.Object({ summary: Type.Array(EngineEvent) }),
  sbrs: Type.String(),
  senderGroup: Type.String(),
})
export type MessageConnectionDetails = Static<typeof MessageConnectionDetails>
