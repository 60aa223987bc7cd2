// The ESA module's mapping of a tracked message to a CTIM sighting (ctrmock's design, documented in README.md:
// Cisco's own ESA mapping is not public, cisco-api.md §3.5). The tech note shows the result: one sighting
// "Incoming message (Delivered)" from the module, confidence High, severity Low, in "My Environment" (internal).
import { createHash } from 'node:crypto'
import {
  CTIM_SCHEMA_VERSION, type Observable, type ObservableType, type ObservedRelation, type Sighting, type TrackedMessage,
} from '@ctrmock/types'

// Observable types the ESA can search its message tracking for (DeviceMessageSearch).
export const ESA_OBSERVABLE_TYPES: ReadonlySet<ObservableType> = new Set([
  'email_subject', 'cisco_mid', 'email', 'email_messageid', 'ip', 'domain', 'sha256', 'file_name',
])

export function esaObservables(observables: readonly Observable[]): Observable[] {
  const seen = new Set<string>()
  return observables.filter((o) => {
    const key = `${o.type}\u0000${o.value}`
    if (!ESA_OBSERVABLE_TYPES.has(o.type) || !o.value.trim() || seen.has(key)) return false
    seen.add(key)
    return true
  })
}

// Delivery states that mean the message never reached its recipients.
const BLOCKED = /drop|quarantin|abort|bounce|reject/i

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/** A stable transient id: the same message always yields the same sighting id. */
function sightingId(message: TrackedMessage): string {
  const hex = createHash('sha256').update(`${message.serialNumber}\u0000${message.mid}`).digest('hex')
  return `transient:sighting-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

function unique(observables: Observable[]): Observable[] {
  const seen = new Set<string>()
  return observables.filter((o) => {
    const key = `${o.type}\u0000${o.value}`
    if (!o.value || seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function senderDomain(sender: string): string | undefined {
  const at = sender.lastIndexOf('@')
  return at > 0 && at < sender.length - 1 ? sender.slice(at + 1).toLowerCase() : undefined
}

export function messageSighting(message: TrackedMessage, moduleName: string): Sighting {
  const mid: Observable = { type: 'cisco_mid', value: String(message.mid) }
  const sender: Observable = { type: 'email', value: message.sender }
  const recipients: Observable[] = unique(message.recipients.map((value) => ({ type: 'email', value })))
  const attachments = message.attachments.flatMap((a): Observable[] => [
    { type: 'file_name', value: a.fileName }, { type: 'sha256', value: a.sha256 },
  ])
  const domain = senderDomain(message.sender)
  const observables = unique([
    mid,
    ...(message.messageId ? [{ type: 'email_messageid', value: message.messageId } as const] : []),
    ...(message.subject ? [{ type: 'email_subject', value: message.subject } as const] : []),
    ...(message.sender ? [sender] : []),
    ...(message.from && message.from !== message.sender ? [{ type: 'email', value: message.from } as const] : []),
    ...(message.senderIp ? [{ type: 'ip', value: message.senderIp } as const] : []),
    ...(domain ? [{ type: 'domain', value: domain } as const] : []),
    ...attachments,
  ])
  const relation = (name: string, source: Observable, related: Observable): ObservedRelation =>
    ({ origin: moduleName, relation: name, source, related })
  const relations = [
    ...(message.sender ? [relation('Sent_By', mid, sender)] : []),
    ...recipients.map((recipient) => relation('Sent_To', mid, recipient)),
    ...(message.senderIp ? [relation('Sent_From', mid, { type: 'ip', value: message.senderIp })] : []),
    ...unique(attachments).map((file) => relation('Attached_To', file, mid)),
  ]
  const observed = { start_time: message.timestamp, end_time: message.timestamp }
  const title = `${capitalized(message.direction)} message (${message.deliveryStatus})`
  return {
    id: sightingId(message),
    type: 'sighting',
    schema_version: CTIM_SCHEMA_VERSION,
    source: moduleName,
    title,
    description: title,
    short_description: `Message ${message.mid} "${message.subject}" from ${message.sender} on ${message.hostname}`.slice(0, 2048),
    confidence: 'High',
    severity: 'Low',
    resolution: BLOCKED.test(message.deliveryStatus) ? 'blocked' : 'allowed',
    count: 1,
    internal: true,
    sensor: 'process.email-service',
    observed_time: observed,
    timestamp: message.timestamp,
    external_ids: [`esa-${message.serialNumber}-mid-${message.mid}`],
    observables,
    targets: recipients.length > 0 ? [{ type: 'email', observables: recipients, observed_time: observed }] : [],
    relations,
  }
}
