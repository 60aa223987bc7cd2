// The search SSE's device proxy forwards for CTR's ESA module: tracked messages matching any of the observables,
// inside the time window, newest first. Observable types the appliance does not track match nothing.
import type { DeviceMessageSearch, Observable } from '@ctrmock/types'
import { invalidInput } from './errors.ts'
import { checkedInstant, normalizeMessageId } from './tracked-messages.ts'
import { MAX_ID } from './message-tracking.ts'

export type ObservableMatch =
  | { field: 'subject' | 'email' | 'messageId' | 'senderIp' | 'senderDomain' | 'sha256' | 'fileName'; value: string }
  | { field: 'mid'; value: number }

export interface DeviceSearchCriteria {
  applianceId: string
  from: Date
  to: Date
  limit: number
  any: ObservableMatch[]
}

function matchFor(o: Observable): ObservableMatch | undefined {
  const value = o.value.trim()
  if (!value || /[\r\n]/.test(value)) return undefined
  switch (o.type) {
    case 'email_subject': return { field: 'subject', value: value.toLowerCase() }
    case 'cisco_mid': return /^\d{1,10}$/.test(value) && Number(value) <= MAX_ID ? { field: 'mid', value: Number(value) } : undefined
    case 'email': return { field: 'email', value: value.toLowerCase() }
    case 'email_messageid': return { field: 'messageId', value: normalizeMessageId(value) }
    case 'ip': return { field: 'senderIp', value }
    case 'domain': return { field: 'senderDomain', value: value.toLowerCase() }
    case 'sha256': return { field: 'sha256', value: value.toLowerCase() }
    case 'file_name': return { field: 'fileName', value: value.toLowerCase() }
    default: return undefined
  }
}

export function deviceSearchCriteria(applianceId: string, search: DeviceMessageSearch): DeviceSearchCriteria {
  const from = checkedInstant('startTime', new Date(search.startTime))
  const to = checkedInstant('endTime', new Date(search.endTime))
  if (from > to) throw invalidInput('startTime must not be later than endTime.')
  const any = search.observables.map(matchFor).filter((m): m is ObservableMatch => m !== undefined)
  return { applianceId, from, to, limit: search.limit ?? 100, any }
}
