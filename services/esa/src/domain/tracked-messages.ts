// A tracked message: what Monitor > Message Tracking keeps of each mail the appliance accepted, built from an SMTP
// transaction or from a bulk-loaded input; and its wire form for CTR (through SSE's device proxy).
import type { TrackedMessage, TrackedMessageInput } from '@ctrmock/types'
import type { Appliance } from './appliances.ts'
import { invalidInput } from './errors.ts'
import { DEFAULT_POLICY } from './incoming-mail-policies.ts'

export interface Attachment {
  fileName: string
  sha256: string
  size: number
}

/** A message before the appliance numbered it (MID) and, for bulk loads, its connection (ICID). */
export interface MessageDraft {
  mid?: number
  icid?: number
  direction: 'incoming' | 'outgoing'
  senderIp: string
  sender: string
  recipients: string[]
  fromHeader: string
  replyTo: string | null
  subject: string
  messageIdHeader: string | null
  attachments: Attachment[]
  size: number
  deliveryStatus: string
  lastState: string | null
  /** The anti-spam verdict (positive, suspect, marketing, blocklist); absent for clean or safelisted mail. */
  spamVerdict?: string | null
  /** The incoming mail policies its recipients fall under, in their order; DEFAULT alone when absent. */
  mailPolicies?: string[]
  timestamp: Date
}

export interface TrackedMessageRecord extends Omit<MessageDraft, 'mid' | 'icid' | 'messageIdHeader' | 'lastState' | 'mailPolicies'> {
  mailPolicies: string[]
  applianceId: string
  orgId: string
  mid: number
  icid: number
  messageIdHeader: string
  lastState: string
}

export const DELIVERED = 'Delivered'

const EARLIEST = Date.UTC(1970, 0, 1)
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** Instants the store can hold and a tracking search can mean: 1970 to 9999. */
export function checkedInstant(name: string, date: Date): Date {
  const ms = date.getTime()
  if (!(ms >= EARLIEST && ms <= LATEST)) throw invalidInput(`${name} must be between 1970 and 9999.`)
  return date
}

/** The last event Message Tracking lists for a delivered mail ("Message 8 to user@example.com received remote"). */
export function lastStateFor(mid: number, recipients: string[]): string {
  return `Message ${mid} to ${recipients[recipients.length - 1] ?? ''} received remote`
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@')
  return at < 0 ? '' : address.slice(at + 1).toLowerCase()
}

/** "Name <a@b>" → "a@b" (lowercased); a bare address stays as it is. */
export function addressOf(header: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(header)
  return (angle ? angle[1]! : header).trim().toLowerCase()
}

/** Message-ID values compare without angle brackets and case: "<123-abc@x>" equals "123-ABC@x". */
export function normalizeMessageId(value: string): string {
  return value.trim().replace(/^<(.*)>$/, '$1').trim().toLowerCase()
}

/** Gives the message its numbers; an absent Message-ID header gets one the way an MTA would add it. */
export function numberMessage(draft: MessageDraft, appliance: Appliance, mid: number, icid: number): TrackedMessageRecord {
  return {
    ...draft,
    applianceId: appliance.id,
    orgId: appliance.orgId,
    mid,
    icid,
    messageIdHeader: draft.messageIdHeader ?? `<${mid}.${icid}@${appliance.hostname}>`,
    mailPolicies: draft.mailPolicies ?? [DEFAULT_POLICY],
    lastState: draft.lastState ?? (draft.deliveryStatus === DELIVERED ? lastStateFor(mid, draft.recipients) : `Message ${mid} ${draft.deliveryStatus.toLowerCase()}`),
  }
}

/** One SMTP transaction as the listener saw it, and what the parser read from the mail's headers. */
export interface SmtpTransaction {
  senderIp: string
  sender: string
  recipients: string[]
  size: number
  receivedAt: Date
}

export interface MailContent {
  from?: string
  replyTo?: string
  subject?: string
  messageId?: string
  attachments: Attachment[]
}

// Postgres text cannot hold NUL; a mail is tracked with them dropped rather than refused.
export const withoutNul = (value: string) => value.replaceAll('\u0000', '')

export function draftFromSmtp(t: SmtpTransaction, raw: MailContent): MessageDraft {
  const mail: MailContent = {
    from: raw.from && withoutNul(raw.from), replyTo: raw.replyTo && withoutNul(raw.replyTo), subject: raw.subject && withoutNul(raw.subject),
    messageId: raw.messageId && withoutNul(raw.messageId),
    attachments: raw.attachments.map((a) => ({ ...a, fileName: withoutNul(a.fileName) })),
  }
  return {
    direction: 'incoming',
    senderIp: t.senderIp,
    sender: withoutNul(t.sender),
    recipients: t.recipients.map(withoutNul),
    fromHeader: mail.from || withoutNul(t.sender),
    replyTo: mail.replyTo || null,
    subject: mail.subject ?? '',
    messageIdHeader: mail.messageId || null,
    attachments: mail.attachments,
    size: t.size,
    deliveryStatus: DELIVERED,
    lastState: null,
    timestamp: t.receivedAt,
  }
}

/** A bulk-loaded message: omitted fields take what the SMTP intake would have recorded. */
export function draftFromInput(input: TrackedMessageInput, now: Date): MessageDraft {
  return {
    ...(input.mid !== undefined ? { mid: input.mid } : {}),
    ...(input.icid !== undefined ? { icid: input.icid } : {}),
    direction: input.direction ?? 'incoming',
    senderIp: input.senderIp ?? '127.0.0.1',
    sender: input.sender,
    recipients: input.recipients,
    fromHeader: input.from ?? input.sender,
    replyTo: input.replyTo ?? null,
    subject: input.subject ?? '',
    messageIdHeader: input.messageId ?? null,
    attachments: (input.attachments ?? []).map((a) => ({ fileName: a.fileName, sha256: a.sha256.toLowerCase(), size: a.size ?? 0 })),
    size: input.size ?? 0,
    deliveryStatus: input.deliveryStatus ?? DELIVERED,
    lastState: input.lastState ?? null,
    timestamp: input.timestamp ? checkedInstant('timestamp', new Date(input.timestamp)) : now,
  }
}

/** The wire form CTR's ESA module maps to sightings. */
export function toTrackedMessage(m: TrackedMessageRecord, appliance: Appliance): TrackedMessage {
  return {
    mid: m.mid,
    icid: m.icid,
    hostname: appliance.hostname,
    serialNumber: appliance.serialNumber,
    direction: m.direction,
    senderIp: m.senderIp,
    sender: m.sender,
    recipients: m.recipients,
    from: m.fromHeader,
    subject: m.subject,
    messageId: m.messageIdHeader.trim().replace(/^<(.*)>$/, '$1'),
    attachments: m.attachments,
    deliveryStatus: m.deliveryStatus,
    lastState: m.lastState,
    timestamp: m.timestamp.toISOString(),
  }
}
