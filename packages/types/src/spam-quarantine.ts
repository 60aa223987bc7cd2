// AsyncOS Spam Quarantine, ESA `/esa/api/v2.0/quarantine/*`: the quarantined messages and the end users' safelist and
// blocklist, as the XSOAR Cisco ESA integration (CiscoEmailSecurityApplianceIronPortV2) calls them and real appliances
// answer (its recorded test data).
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

export const QUARANTINE_LISTS = ['safelist', 'blocklist'] as const
export type QuarantineList = (typeof QUARANTINE_LISTS)[number]
export const LIST_VIEWS = ['recipient', 'sender'] as const
export type ListView = (typeof LIST_VIEWS)[number]
export const LIST_ACTIONS = ['add', 'append', 'edit'] as const
export type ListAction = (typeof LIST_ACTIONS)[number]
export const ORDER_DIRECTIONS = ['asc', 'desc'] as const
export const SPAM_QUARANTINE_TYPE = 'spam'

// Spam Quarantine dates read "20 Sep 2022 15:13 (GMT +00:00)": minutes, no seconds.
export const SPAM_QUARANTINE_DATE_FORMAT = '%d %b %Y %H:%M (GMT +00:00)'

// One row of a safelist or blocklist, viewed by recipient or by sender.
export const ListEntryByRecipient = Type.Object({ recipientAddress: Type.String(), senderList: Type.Array(Type.String()) })
export const ListEntryBySender = Type.Object({ senderAddress: Type.String(), recipientList: Type.Array(Type.String()) })
export const ListEntriesResponse = Type.Object({
  meta: Type.Object({ totalCount: Type.Integer() }),
  data: Type.Array(Type.Union([ListEntryByRecipient, ListEntryBySender])),
})
export type ListEntriesResponse = Static<typeof ListEntriesResponse>

export const ListChangeResponse = Type.Object({ data: Type.Object({ message: Type.String() }) })

// A quarantined message as the search lists it; the details add the attachments' names and the body.
export const SpamQuarantineAttributes = Type.Object({
  envelopeRecipient: Type.Array(Type.String()),
  toAddress: Type.Array(Type.String()),
  subject: Type.String(),
  date: Type.String(),
  fromAddress: Type.Array(Type.String()),
  size: Type.String(),
})
export const SpamQuarantineSearchResponse = Type.Object({
  meta: Type.Object({ totalCount: Type.Integer() }),
  data: Type.Array(Type.Object({ attributes: SpamQuarantineAttributes, mid: Type.Integer() })),
})
export const SpamQuarantineDetailsResponse = Type.Object({
  data: Type.Object({
    attributes: Type.Composite([
      Type.Omit(SpamQuarantineAttributes, ['size']),
      Type.Object({ attachments: Type.Array(Type.String()), messageBody: Type.String() }),
    ]),
    mid: Type.Integer(),
  }),
})
export const SpamQuarantineActionResponse = Type.Object({
  data: Type.Object({ action: literalUnion(['release', 'delete'] as const), totalCount: Type.Integer() }),
})
