// The data the ESA and enrich workloads search: 10k tracked messages on an appliance that went through the whole
// tech note (registered in AMERICAS, Threat Response on in SSE, the CTR module added).
import type { Cloud } from '@ctrmock/client'
import type { IntegratedTenant } from './types.ts'

export const MESSAGE_COUNT = 10_000
/** Each subject is on MESSAGE_COUNT / SUBJECTS messages, so a subject search returns a handful. */
const SUBJECTS = 1_000

export const subjectOf = (i: number) => `Quarterly invoice ${String(i % SUBJECTS).padStart(4, '0')}`

/** The fields of POST /__mock/messages this benchmark sets (TrackedMessageInput in @ctrmock/types). */
export interface MessageInput {
  sender: string
  recipients: string[]
  from: string
  subject: string
  messageId: string
  senderIp: string
  timestamp: string
  attachments?: Array<{ fileName: string; sha256: string; size: number }>
}

/** Deterministic messages, one a minute going back from `now` (about a week for 10k). */
export function trackedMessages(count: number, now: number): MessageInput[] {
  return Array.from({ length: count }, (_, i) => ({
    sender: `billing${i % 500}@sender${i % 50}.example`,
    recipients: [`user${i % 200}@corp.example.com`],
    from: `Billing <billing${i % 500}@sender${i % 50}.example>`,
    subject: subjectOf(i),
    messageId: `<bench-${i}@sender${i % 50}.example>`,
    senderIp: `203.0.113.${i % 250}`,
    timestamp: new Date(now - 60_000 * (i + 1)).toISOString(),
    ...(i % 10 === 0 ? { attachments: [{ fileName: `invoice-${i}.pdf`, sha256: i.toString(16).padStart(64, '0'), size: 20_000 }] } : {}),
  }))
}

export async function integratedTenant(cloud: Cloud, log: (message: string) => void): Promise<IntegratedTenant> {
  const started = performance.now()
  const tenant = await cloud.createTenant()
  await tenant.integrateEsa('AMERICAS')
  const applianceId = tenant.appliance.applianceId
  const messages = trackedMessages(MESSAGE_COUNT, Date.now())
  const loaded = await tenant.esa.control.http.json<{ created: number }>('POST', '/__mock/messages', { body: { applianceId, messages } })
  log(`integrated tenant: ESA registered, module added, ${loaded.created} messages loaded in ${Math.round(performance.now() - started)} ms`)
  return {
    tenant, applianceId, messageCount: loaded.created,
    subjects: Array.from({ length: SUBJECTS }, (_, i) => subjectOf(i)),
  }
}
