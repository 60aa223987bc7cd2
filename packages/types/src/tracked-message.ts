// The ESA's tracked message and the search its device endpoint serves to SSE's proxy (for CTR's ESA module).
// ctrmock's own contract: Cisco's appliance ↔ cloud protocol is not public (cisco-api.md §3.5).
import { Type, type Static } from '@sinclair/typebox'
import { Observable } from './observable.ts'

export const TrackedAttachment = Type.Object({
  fileName: Type.String(),
  sha256: Type.String(),
  size: Type.Integer({ minimum: 0 }),
})

export const TrackedMessage = Type.Object({
  mid: Type.Integer({ minimum: 1 }),
  icid: Type.Integer({ minimum: 1 }),
  hostname: Type.String(),
  serialNumber: Type.String(),
  direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]),
  senderIp: Type.String(),
  sender: Type.String(),
  recipients: Type.Array(Type.String()),
  from: Type.String(),
  subject: Type.String(),
  messageId: Type.String(),
  attachments: Type.Array(TrackedAttachment),
  /** e.g. "Delivered", "Dropped By Anti-Virus" */
  deliveryStatus: Type.String(),
  lastState: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
})
export type TrackedMessage = Static<typeof TrackedMessage>

/** POST /sse/v1/messages/search on the ESA (reached through SSE's device proxy). */
export const DeviceMessageSearch = Type.Object({
  observables: Type.Array(Observable, { maxItems: 1000 }),
  startTime: Type.String({ format: 'date-time' }),
  endTime: Type.String({ format: 'date-time' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
}, { additionalProperties: false })
export type DeviceMessageSearch = Static<typeof DeviceMessageSearch>

export const DeviceMessageSearchResult = Type.Object({
  messages: Type.Array(TrackedMessage),
})
export type DeviceMessageSearchResult = Static<typeof DeviceMessageSearchResult>
