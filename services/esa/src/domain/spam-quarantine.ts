// The Spam Quarantine: which accepted mails it holds (Cisco's anti-spam test header, or a recipient's blocklist unless
// the recipient safelists the sender), how the AsyncOS API searches it, and what a release or delete does.
import type { QuarantineList } from '@ctrmock/types'
import { asyncosTimestamp } from './message-tracking.ts'
import { invalidInput } from './errors.ts'
import { listVerdict, type ListPair, type MailSender } from './safelist-blocklist.ts'
import { addressOf, DELIVERED, lastStateFor, withoutNul, type MessageDraft, type TrackedMessageRecord } from './tracked-messages.ts'

export const QUARANTINED = 'Quarantined'
export type QuarantineReason = 'spam' | 'blocklist'

export interface HeldMessage {
  message: TrackedMessageRecord
  reason: QuarantineReason
  toHeader: string
  body: string
  quarantinedAt: Date
}

export type SpamVerdict = 'positive' | 'suspect' | 'marketing' | 'blocklist'

/**
 * The anti-spam verdict, or undefined for clean mail. A sender on a recipient's blocklist is always spam; when every
 * recipient safelists the sender, anti-spam does not scan the mail. Otherwise Cisco's test header decides:
 * `X-Advertisement: spam | suspect | marketing`.
 */
export function spamVerdict(mail: MailSender & { recipients: string[]; advertisement?: string }, lists: Record<QuarantineList, readonly ListPair[]>): SpamVerdict | undefined {
  const outcomes = mail.recipients.map((recipient) => listVerdict(recipient, mail, lists))
  if (outcomes.includes('blocklist')) return 'blocklist'
  if (outcomes.every((o) => o === 'safelist')) return undefined
  const header = mail.advertisement?.trim().toLowerCase()
  if (header === 'spam') return 'positive'
  return header === 'suspect' || header === 'marketing' ? header : undefined
}

/** What the Spam Quarantine keeps a mail for: positive spam and blocklisted senders (the default incoming policy delivers suspect and marketing mail). */
export function quarantineReason(verdict: SpamVerdict | undefined): QuarantineReason | undefined {
  if (verdict === 'positive') return 'spam'
  return verdict === 'blocklist' ? 'blocklist' : undefined
}

/** What the intake reads of a mail beyond its tracking fields: the To header, the text body, the test header. */
export interface QuarantinableMail {
  to?: string
  body?: string
  advertisement?: string
}

/** The draft as the appliance tracks it (with its verdict), and what the Spam Quarantine keeps of it when it holds it. */
export function quarantineDecision(draft: MessageDraft, mail: QuarantinableMail, lists: Record<QuarantineList, readonly ListPair[]>, now: Date): { draft: MessageDraft; held?: Omit<HeldMessage, 'message'> } {
  const sender = { envelopeSender: draft.sender, fromAddress: addressOf(draft.fromHeader), senderIp: draft.senderIp }
  const verdict = spamVerdict({ ...sender, recipients: draft.recipients, ...(mail.advertisement !== undefined ? { advertisement: mail.advertisement } : {}) }, lists)
  const reason = quarantineReason(verdict)
  const scanned = { ...draft, spamVerdict: verdict ?? null }
  if (!reason) return { draft: scanned }
  return {
    draft: { ...scanned, deliveryStatus: QUARANTINED },
    held: { reason, toHeader: withoutNul(mail.to || draft.recipients.join(', ')), body: withoutNul(mail.body ?? ''), quarantinedAt: now },
  }
}

export const FILTER_FIELDS = ['from_address', 'to_address', 'subject'] as const
export const TEXT_OPERATORS = ['contains', 'is', 'begins_with', 'ends_with', 'does_not_contain'] as const
export const ORDER_FIELDS = ['from_address', 'to_address', 'subject', 'date', 'size'] as const
type TextOperator = (typeof TEXT_OPERATORS)[number]

export interface QuarantineSearch {
  from: Date
  to: Date
  filterBy?: (typeof FILTER_FIELDS)[number]
  filterOperator?: TextOperator
  filterValue?: string
  envelopeRecipientFilterOperator?: TextOperator
  envelopeRecipientFilterValue?: string
  orderBy?: (typeof ORDER_FIELDS)[number]
  orderDir?: 'asc' | 'desc'
  offset: number
  limit: number
}

/**
 * The search's optional parts come in pairs: half of one is a 400, as it is for AsyncOS. `filterBy` names the field
 * of the filter pair; without it the filter is general (the Splunk SOAR app sends it so).
 */
export function checkSearchPairs(q: Record<string, unknown>): void {
  const groups = [['filterOperator', 'filterValue'], ['envelopeRecipientFilterOperator', 'envelopeRecipientFilterValue']]
  for (const group of groups) {
    const given = group.filter((name) => q[name] !== undefined)
    if (given.length > 0 && given.length < group.length) throw invalidInput(`${group.join(', ')} must be given together.`)
  }
  if (q.filterBy !== undefined && q.filterOperator === undefined) throw invalidInput('filterBy, filterOperator, filterValue must be given together.')
}

function matches(operator: TextOperator, haystack: string, needle: string): boolean {
  const h = haystack.toLowerCase()
  const n = needle.toLowerCase()
  if (operator === 'is') return h === n
  if (operator === 'begins_with') return h.startsWith(n)
  if (operator === 'ends_with') return h.endsWith(n)
  if (operator === 'does_not_contain') return !h.includes(n)
  return h.includes(n)
}

const fieldOf = (held: HeldMessage, field: (typeof FILTER_FIELDS)[number] | (typeof ORDER_FIELDS)[number]): string | number => {
  if (field === 'from_address') return held.message.fromHeader
  if (field === 'to_address') return held.toHeader
  if (field === 'subject') return held.message.subject
  if (field === 'size') return held.message.size
  return held.message.timestamp.getTime()
}

/** A filter on one field; a general one (no field) holds when it holds for a field, or for every field if negative. */
function filtered(held: HeldMessage, operator: TextOperator, value: string, field?: (typeof FILTER_FIELDS)[number]): boolean {
  const test = (f: (typeof FILTER_FIELDS)[number]) => matches(operator, String(fieldOf(held, f)), value)
  if (field) return test(field)
  return operator === 'does_not_contain' ? FILTER_FIELDS.every(test) : FILTER_FIELDS.some(test)
}

/** The held mails the search names, newest first unless it orders them otherwise, and their count. */
export function searchQuarantine(held: readonly HeldMessage[], q: QuarantineSearch): { total: number; page: HeldMessage[] } {
  const hits = held.filter((h) => h.message.timestamp >= q.from && h.message.timestamp <= q.to
    && (!q.filterOperator || filtered(h, q.filterOperator, q.filterValue!, q.filterBy))
    && (!q.envelopeRecipientFilterOperator || h.message.recipients.some((r) => matches(q.envelopeRecipientFilterOperator!, r, q.envelopeRecipientFilterValue!))))
  const orderBy = q.orderBy ?? 'date'
  const direction = (q.orderDir ?? (q.orderBy ? 'asc' : 'desc')) === 'desc' ? -1 : 1
  const sorted = hits.sort((a, b) => {
    const x = fieldOf(a, orderBy)
    const y = fieldOf(b, orderBy)
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
    return (order || a.message.mid - b.message.mid) * direction
  })
  return { total: sorted.length, page: sorted.slice(q.offset, q.offset + q.limit) }
}

/** AsyncOS shows quarantined sizes in kilobytes or megabytes with two decimals ("448.90K"). */
export function quarantineSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)}M` : `${(bytes / 1024).toFixed(2)}K`
}

// The quarantine shows minutes, not seconds: "20 Sep 2022 15:13 (GMT +00:00)".
const quarantineDate = (date: Date) => asyncosTimestamp(date).replace(/:\d{2} \(GMT/, ' (GMT')

export function searchAttributes(h: HeldMessage) {
  return {
    envelopeRecipient: h.message.recipients,
    toAddress: [h.toHeader],
    subject: h.message.subject,
    date: quarantineDate(h.message.timestamp),
    fromAddress: [h.message.fromHeader],
    size: quarantineSize(h.message.size),
  }
}

export function detailsAttributes(h: HeldMessage) {
  return {
    envelopeRecipient: h.message.recipients,
    toAddress: [h.toHeader],
    attachments: h.message.attachments.map((a) => a.fileName),
    messageBody: h.body,
    date: quarantineDate(h.message.timestamp),
    fromAddress: [h.message.fromHeader],
    subject: h.message.subject,
  }
}

/** What Message Tracking shows of a mail once the quarantine lets it go. */
export function afterQuarantine(message: TrackedMessageRecord, action: 'release' | 'delete'): { deliveryStatus: string; lastState: string } {
  return action === 'release'
    ? { deliveryStatus: DELIVERED, lastState: lastStateFor(message.mid, message.recipients) }
    : { deliveryStatus: 'Dropped', lastState: `Message ${message.mid} deleted from the Spam Quarantine` }
}
