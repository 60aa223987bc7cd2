// AsyncOS message tracking (cisco-api.md §5.3): the search query → criteria, and stored messages → AsyncOS's
// attribute maps, timestamps and details, field for field.
import type { FilterOperator, MessageConnectionDetails, MessageEngineReport, MessageTrackingAttributes, MessageTrackingDetails, MessageTrackingSearchQuery } from '@ctrmock/types'
import type { Appliance } from './appliances.ts'
import { invalidInput, missingDates } from './errors.ts'
import { checkedInstant, normalizeMessageId, type TrackedMessageRecord } from './tracked-messages.ts'

export interface TextFilter {
  op: FilterOperator
  /** Lowercased: every AsyncOS text filter ignores case. */
  value: string
}

export interface MessageCriteria {
  applianceId: string
  from: Date
  to: Date
  sender?: TextFilter
  recipient?: TextFilter
  subject?: TextFilter
  attachmentName?: TextFilter
  senderDomain?: TextFilter
  replyTo?: TextFilter
  senderIp?: string
  messageId?: string
  mid?: number
  sha256?: string
  direction?: string
  /** Prefix of the delivery status text ("Delivered", "Dropped By Anti-Virus"). */
  deliveryStatusPrefix?: string
  /** The anti-spam verdicts a message must have (the spam events asked for). */
  spamVerdicts?: string[]
  /** A mail policy (lowercased) its recipients fell under, and the direction of that policy's mail. */
  mailPolicy?: { name: string, direction?: 'incoming' | 'outgoing' }
  /** A filter no tracked message can meet: an event the agent never records (e.g. a virus or a DMARC action). */
  impossible?: boolean
}

export interface Page {
  offset: number
  limit: number
}

export const DEFAULT_LIMIT = 100
/** MIDs and ICIDs are 32-bit on the appliance: a bigger number names no message. */
export const MAX_ID = 2_147_483_647

function idNumber(name: string, value: string): number {
  const id = /^\d{1,10}$/.test(value.trim()) ? Number(value.trim()) : NaN
  if (!(id <= MAX_ID)) throw invalidInput(`Invalid ${name} "${value.slice(0, 32)}": expected a number up to ${MAX_ID}.`)
  return id
}

// Clients send 2023-07-31T15:00:00.000Z (seconds zeroed); seconds, fraction and zone are optional here.
const DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/

export function parseAsyncosDate(name: string, value: string): Date {
  const match = DATE.exec(value.trim())
  const date = match ? new Date(match[7] ? value.trim() : `${value.trim()}Z`) : undefined
  const [, y, mo, d, h, mi, s] = match ?? []
  const calendarOk = date && !Number.isNaN(date.getTime()) && Number(mo) >= 1 && Number(mo) <= 12 && Number(d) <= 31
    && Number(h) <= 23 && Number(mi) <= 59 && Number(s ?? 0) <= 59
    && new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDate() === Number(d)
  if (!calendarOk) throw invalidInput(`Invalid ${name} "${value.slice(0, 64)}": expected a date like 2020-05-14T13:42:00.000Z.`)
  return checkedInstant(name, date!)
}

function textFilter(name: string, op: FilterOperator | undefined, value: string | undefined): TextFilter | undefined {
  if (value === undefined || value.trim() === '') return undefined
  // The stored lists are newline-separated, so a value with a newline could match across two entries.
  if (/[\r\n]/.test(value)) throw invalidInput(`${name} must be a single line.`)
  return { op: op ?? 'is', value: value.trim().toLowerCase() }
}

const DELIVERY_PREFIX = { DELIVERED: 'Delivered', DROPPED: 'Dropped', ABORTED: 'Aborted', BOUNCED: 'Bounced' } as const
// Message events the agent never records (it runs no anti-virus, AMP, DLP, DMARC, DANE, outbreak filters, URL or
// content filtering, and keeps no bounce): asking for one (=true) finds nothing, =false filters nothing.
const NEVER_TRUE = ['virusPositive', 'containedMaliciousUrls', 'containedNeutralUrls', 'hardBounced', 'softBounced', 'daneFailure', 'inOutbreakQuarantine', 'safeprintExt'] as const
// Event filters that name what such an engine found (a threat, an action, a category, a reputation score: SBRS is off,
// a policy or virus quarantine: the agent has only the Spam Quarantine): any value finds nothing.
const NEVER_FOUND = [
  'advancedMalwareProtection', 'appForwarding', 'contentFiltersName', 'contentFiltersAction', 'dlpViolationsNames', 'dlpViolationsSeverities',
  'dlpAction', 'dmarcFrom', 'dmarcAction', 'etfSources', 'etfIocs', 'forgedEmailDetection', 'geoLocation', 'ipReputation', 'macroFileTypesDetected',
  'messageFilters', 'outbreakFiltersUrlRewrittenByOf', 'outbreakFiltersVofThreatCategory', 'quarantinedTo', 'quarantineStatus', 'sdrCategories',
  'sdrThreatLevels', 'sdrReputation', 'smime', 'threatName', 'urlCategories', 'urlReputation', 'webInteractionTrackingUrls',
] as const
// The anti-spam events, by the verdicts that raise them (a blocklisted sender's mail is quarantined as spam too).
const SPAM_EVENTS = { spamPositive: ['positive'], suspectSpam: ['suspect'], graymail: ['marketing'], quarantinedAsSpam: ['positive', 'blocklist'] } as const

export type SearchQuery = Partial<MessageTrackingSearchQuery> & Record<string, unknown>

/** The window a search or report names: AsyncOS's 404 when half or all of it is missing, a 400 when it is inverted. */
export function asyncosWindow(startDate: string | undefined, endDate: string | undefined): { from: Date; to: Date } {
  if (!startDate || !endDate) throw missingDates()
  const from = parseAsyncosDate('startDate', startDate)
  const to = parseAsyncosDate('endDate', endDate)
  if (from > to) throw invalidInput('startDate must not be later than endDate.')
  return { from, to }
}

/** The query of GET /message-tracking/messages → criteria and page. */
export function searchCriteria(applianceId: string, q: SearchQuery): { criteria: MessageCriteria; page: Page } {
  const { from, to } = asyncosWindow(q.startDate, q.endDate)
  const criteria: MessageCriteria = { applianceId, from, to }
  const put = <K extends keyof MessageCriteria>(key: K, value: MessageCriteria[K] | undefined) => { if (value !== undefined) criteria[key] = value }
  put('sender', textFilter('envelopeSenderfilterValue', q.envelopeSenderfilterOperator, q.envelopeSenderfilterValue))
  put('recipient', textFilter('envelopeRecipientfilterValue', q.envelopeRecipientfilterOperator, q.envelopeRecipientfilterValue))
  put('subject', textFilter('subjectfilterValue', q.subjectfilterOperator, q.subjectfilterValue))
  put('attachmentName', textFilter('attachmentNameValue', q.attachmentNameOperator, q.attachmentNameValue))
  put('senderDomain', textFilter('domainNameValue', q.domainNameOperator, q.domainNameValue))
  put('replyTo', textFilter('replyToValue', q.replyToOperator, q.replyToValue))
  if (q.senderIp?.trim()) criteria.senderIp = q.senderIp.trim()
  if (q.messageIdHeader?.trim()) criteria.messageId = normalizeMessageId(q.messageIdHeader)
  if (q.fileSha256?.trim()) criteria.sha256 = q.fileSha256.trim().toLowerCase()
  if (q.ciscoMid?.trim()) criteria.mid = idNumber('ciscoMid', q.ciscoMid)
  if (q.messageDirection?.trim()) {
    const direction = q.messageDirection.trim().toLowerCase()
    if (direction !== 'incoming' && direction !== 'outgoing') throw invalidInput('messageDirection must be incoming or outgoing.')
    criteria.direction = direction
  }
  if (q.deliveryStatus) criteria.deliveryStatusPrefix = DELIVERY_PREFIX[q.deliveryStatus]
  put('mailPolicy', mailPolicyFilter(q))
  for (const [name, verdicts] of Object.entries(SPAM_EVENTS)) {
    if (asked(q[name])) criteria.spamVerdicts = criteria.spamVerdicts ? criteria.spamVerdicts.filter((v) => (verdicts as readonly string[]).includes(v)) : [...verdicts]
  }
  if (NEVER_TRUE.some((name) => asked(q[name])) || NEVER_FOUND.some((name) => String(q[name] ?? '').trim() !== '')) criteria.impossible = true
  return { criteria, page: { offset: q.offset ?? 0, limit: q.limit ?? DEFAULT_LIMIT } }
}

/** An event flag set (`spamPositive=true`); false or absent asks nothing. */
const asked = (value: unknown) => String(value ?? '').toLowerCase() === 'true'

/** mailPolicyName, narrowed by mailPolicyDirection (inbound: incoming mail, outbound: outgoing). */
function mailPolicyFilter(q: SearchQuery): MessageCriteria['mailPolicy'] {
  const name = String(q.mailPolicyName ?? '').trim()
  if (!name) return undefined
  const direction = String(q.mailPolicyDirection ?? '').trim().toLowerCase()
  if (direction && direction !== 'inbound' && direction !== 'outbound') throw invalidInput('mailPolicyDirection must be inbound or outbound.')
  return { name: name.toLowerCase(), ...(direction ? { direction: direction === 'inbound' ? 'incoming' : 'outgoing' } : {}) }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number) => String(n).padStart(2, '0')

/** `%d %b %Y %H:%M:%S (GMT +00:00)`, e.g. "14 May 2020 13:23:57 (GMT +00:00)". */
export function asyncosTimestamp(d: Date): string {
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} (GMT +00:00)`
}

const SENDER_GROUP = 'UNKNOWNLIST'
// The agent scores no sender's reputation (SBRS), as an appliance with SBRS turned off.
const SBRS_OFF = 'not enabled'

export function searchAttributes(m: TrackedMessageRecord, appliance: Appliance): MessageTrackingAttributes {
  const key = String(m.mid)
  return {
    hostName: '',
    mid: [m.mid],
    isCompleteData: 'N/A',
    messageStatus: { [key]: m.deliveryStatus },
    recipientMap: { [key]: m.recipients },
    senderIp: m.senderIp,
    mailPolicy: m.mailPolicies,
    senderGroup: SENDER_GROUP,
    subject: m.subject,
    friendly_from: [m.fromHeader],
    senderDomain: m.sender.includes('@') ? m.sender.slice(m.sender.lastIndexOf('@') + 1) : '',
    direction: m.direction,
    icid: m.icid,
    morDetails: {},
    replyTo: m.replyTo ?? 'N/A',
    timestamp: asyncosTimestamp(m.timestamp),
    messageID: { [key]: m.messageIdHeader },
    verdictChart: { [key]: '00000000' },
    recipient: m.recipients,
    sender: m.sender,
    serialNumber: appliance.serialNumber,
    allIcid: [m.icid],
    sbrs: 'None',
  }
}

/** The processing events Message Tracking's details list, ending with the last state. */
export function summaryEvents(m: TrackedMessageRecord, appliance: Appliance) {
  const at = asyncosTimestamp(m.timestamp)
  const lines = [
    `Protocol SMTP interface Management (IP ${appliance.ipAddress}) on incoming connection (ICID ${m.icid}) from sender IP ${m.senderIp}. Reverse DNS host unknown verified no.`,
    `Start message ${m.mid} on incoming connection (ICID ${m.icid}).`,
    `Message ${m.mid} enqueued on incoming connection (ICID ${m.icid}) from ${m.sender}.`,
    ...m.recipients.map((r) => `Message ${m.mid} on incoming connection (ICID ${m.icid}) added recipient (${r}).`),
    `Message ${m.mid} contains message ID header '${m.messageIdHeader}'.`,
    `Message ${m.mid} original subject on injection: ${m.subject}`,
    ...m.attachments.map((a) => `Message ${m.mid} attachment '${a.fileName}' SHA256 ${a.sha256}.`),
    `Message ${m.mid} (${m.size} bytes) from ${m.sender} ready.`,
    `Message ${m.mid} queued for delivery.`,
    m.lastState,
  ]
  return lines.map((description, i) => ({ timestamp: at, description, lastEvent: i === lines.length - 1 }))
}

export function messageDetails(m: TrackedMessageRecord, appliance: Appliance): MessageTrackingDetails {
  return {
    mid: [m.mid],
    attachments: m.attachments.map((a) => a.fileName),
    hostName: appliance.hostname,
    direction: m.direction,
    isCompleteData: true,
    messageStatus: m.deliveryStatus,
    mailPolicy: m.mailPolicies,
    senderGroup: SENDER_GROUP,
    subject: m.subject,
    sdrAge: 'N/A',
    sdrCategory: 'N/A',
    sdrReputation: 'N/A',
    sdrThreatLevels: 'N/A',
    sendingHostSummary: { reverseDnsHostname: 'unknown', ipAddress: m.senderIp, sbrsScore: 'None' },
    ampTgCategories: [],
    smtpAuthId: '',
    midHeader: m.messageIdHeader,
    timestamp: asyncosTimestamp(m.timestamp),
    messageSize: `${m.size} (Bytes)`,
    recipient: m.recipients,
    sender: m.sender,
    headerFrom: m.fromHeader,
    allIcid: [m.icid],
    showAMP: false,
    showDLP: false,
    showURL: false,
    showSummaryTimeBox: true,
    summary: summaryEvents(m, appliance),
  }
}

/**
 * Cisco's integrations ask for details with serialNumber, mid and icid only (no window), and repeat mid for a message
 * that split into several; dates, when given, must come as a pair as in a search.
 */
export function detailsCriteria(applianceId: string, q: { startDate?: string; endDate?: string; mid?: string[]; icid?: string }) {
  if (!q.startDate !== !q.endDate) throw missingDates()
  const window = q.startDate && q.endDate ? { from: parseAsyncosDate('startDate', q.startDate), to: parseAsyncosDate('endDate', q.endDate) } : {}
  const given = (q.mid ?? []).filter((m) => m.trim())
  if (given.length === 0) throw invalidInput('mid is required: the message ID number of the tracked message.')
  const mids = [...new Set(given.map((m) => idNumber('mid', m)))]
  return { applianceId, ...window, mids, ...(q.icid?.trim() ? { icid: idNumber('icid', q.icid) } : {}) }
}

export const ENGINE_REPORTS = ['amp', 'dlp', 'url'] as const
export type EngineReport = (typeof ENGINE_REPORTS)[number]

/**
 * The AMP, DLP or URL report of a message. The agent runs none of those engines (its details say `showAMP: false`
 * and so on), so each report holds the message's facts and no engine event.
 */
export function engineReport(m: TrackedMessageRecord, appliance: Appliance, engine: EngineReport): MessageEngineReport {
  const { isCompleteData: _complete, mailPolicy: _policy, showAMP: _amp, showDLP: _dlp, showURL: _url, showSummaryTimeBox: _box, summary: _summary, ...facts } = messageDetails(m, appliance)
  const findings = { amp: { showAMPDetails: false, ampDetails: [] }, dlp: { showDLPDetails: false, dlpDetails: {} }, url: { showURLDetails: false, urlDetails: [] } }[engine]
  return { ...facts, sendingHostSummary: {}, ...findings }
}

/** The events of the SMTP connection the message came in on: its sender group, then the connection itself. */
export function connectionDetails(m: TrackedMessageRecord, appliance: Appliance): MessageConnectionDetails {
  const [connection] = summaryEvents(m, appliance)
  const at = asyncosTimestamp(m.timestamp)
  return {
    messages: {
      summary: [
        { timestamp: at, description: `ICID ${m.icid} sender_group: ${SENDER_GROUP} sender_ip: ${m.senderIp}, sbrs: ${SBRS_OFF}`, lastEvent: false },
        { ...connection!, lastEvent: false },
      ],
    },
    sbrs: SBRS_OFF,
    senderGroup: SENDER_GROUP,
  }
}
