// The appliance's XML status page (GET /xml/status), which monitoring tools poll: its counters of mail since birth,
// its rates over the last 1, 5 and 15 minutes (events per hour, as AsyncOS's `rate` reports them) and its gauges.
// Counters come from the appliance's tracked messages; the host's load, memory and disk stand in for the
// appliance's; the agent queues no mail (intake decides each message while the sender waits), so queue figures are
// zero. The appliance has run since it was provisioned and its counters were never reset, so the reset, uptime and
// lifetime of each counter are one figure.
import { percent, type MachineReadings } from './system-health.ts'

/** An appliance's tracked messages of one delivery status: in all, and in each of the last 1, 5 and 15 minutes. */
export interface MailTally {
  deliveryStatus: string
  messages: number
  recipients: number
  recent: [Tally, Tally, Tally]
}

export interface Tally { messages: number; recipients: number }

export const RATE_WINDOWS_MINUTES = [1, 5, 15] as const

export interface DiskReadings {
  /** The fraction of the disk in use (0 to 1). */
  usedFraction: number
  freeBytes: number
}

export interface StatusInputs {
  hostname: string
  asyncosVersion: string
  provisionedAt: Date
  /** The appliance's time. */
  now: Date
  lastMid: number
  lastIcid: number
  tallies: MailTally[]
  machine: MachineReadings
  disk: DiskReadings
  /** SMTP connections open to the appliance. */
  connectionsIn: number
}

export interface XmlStatus {
  build: string
  hostname: string
  timestamp: string
  birthTime: string
  systemStatus: 'online'
  counters: Array<{ name: string; value: number }>
  currentIds: { message_id: number; injection_conn_id: number; delivery_conn_id: number }
  rates: Array<{ name: string; last_1_min: number; last_5_min: number; last_15_min: number }>
  gauges: Array<{ name: string; current: number | string }>
}

const two = (n: number) => String(n).padStart(2, '0')

/** AsyncOS's compact time, `20170329115551`. */
export function compactTime(at: Date): string {
  return `${at.getUTCFullYear()}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}`
}

/** `169d 1h 39m 8s`. */
export function uptimeText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3_600)}h ${Math.floor((s % 3_600) / 60)}m ${s % 60}s`
}

/** Bytes as AsyncOS shows free log space: `388G`. */
export function sizeText(bytes: number): string {
  for (const [unit, size] of [['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]] as const) {
    if (bytes >= size) return `${Math.floor(bytes / size)}${unit}`
  }
  return `${Math.max(0, Math.floor(bytes))}`
}

type Measure = (t: Tally, status: string) => number
const msgs: Measure = (t) => t.messages
const recips: Measure = (t) => t.recipients
// A delivery status begins with its outcome: "Delivered", "Dropped By Anti-Virus", "Bounced".
const ofStatus = (outcome: string, measure: Measure): Measure => (t, status) => (status.startsWith(outcome) ? measure(t, status) : 0)
const completed: Measure = (t, status) => (status.startsWith('Delivered') || status.startsWith('Bounced') ? t.recipients : 0)

// Each counter AsyncOS reports, in its order, and what it counts of the tracked messages (nothing, where the agent
// has no such event: it bounces, retries and unsubscribes nothing).
const COUNTERS: Array<[string, Measure | undefined]> = [
  ['inj_msgs', msgs], ['inj_recips', recips], ['gen_bounce_recips', undefined], ['rejected_recips', undefined],
  ['dropped_msgs', ofStatus('Dropped', msgs)], ['soft_bounced_evts', undefined], ['completed_recips', completed],
  ['hard_bounced_recips', ofStatus('Bounced', recips)], ['dns_hard_bounced_recips', undefined], ['5xx_hard_bounced_recips', undefined],
  ['filter_hard_bounced_recips', undefined], ['expired_hard_bounced_recips', undefined], ['other_hard_bounced_recips', ofStatus('Bounced', recips)],
  ['delivered_recips', ofStatus('Delivered', recips)], ['deleted_recips', undefined], ['global_unsub_hits', undefined],
]
const MEASURES = new Map(COUNTERS)
const RATES = ['inj_msgs', 'inj_recips', 'soft_bounced_evts', 'completed_recips', 'hard_bounced_recips', 'delivered_recips']

function total(tallies: MailTally[], measure: Measure | undefined, pick: (t: MailTally) => Tally): number {
  return measure ? tallies.reduce((sum, t) => sum + measure(pick(t), t.deliveryStatus), 0) : 0
}

export function xmlStatus(i: StatusInputs): XmlStatus {
  const rate = (name: string, window: 0 | 1 | 2) =>
    Math.round(total(i.tallies, MEASURES.get(name), (t) => t.recent[window]) * 60 / RATE_WINDOWS_MINUTES[window])
  const cpu = percent(i.machine.cpuLoad)
  return {
    build: `phoebe ${i.asyncosVersion}`,
    hostname: i.hostname,
    timestamp: compactTime(i.now),
    birthTime: `${compactTime(i.provisionedAt)} (${uptimeText(i.now.getTime() - i.provisionedAt.getTime())})`,
    systemStatus: 'online',
    counters: COUNTERS.map(([name, measure]) => ({ name, value: total(i.tallies, measure, (t) => t) })),
    currentIds: { message_id: i.lastMid, injection_conn_id: i.lastIcid, delivery_conn_id: 0 },
    rates: RATES.map((name) => ({ name, last_1_min: rate(name, 0), last_5_min: rate(name, 1), last_15_min: rate(name, 2) })),
    gauges: [
      ['ram_utilization', percent(i.machine.memoryUsed)], ['total_utilization', cpu], ['cpu_utilization', cpu],
      ['av_utilization', 0], ['case_utilization', 0], ['bm_utilization', 0], ['disk_utilization', 0], ['resource_conservation', 0],
      ['log_used', percent(i.disk.usedFraction)], ['log_available', sizeText(i.disk.freeBytes)],
      ['conn_in', i.connectionsIn], ['conn_out', 0], ['active_recips', 0], ['unattempted_recips', 0], ['attempted_recips', 0],
      ['msgs_in_work_queue', 0], ['dests_in_memory', 0], ['kbytes_used', 0], ['kbytes_free', Math.floor(i.disk.freeBytes / 1024)],
      ['msgs_in_policy_virus_outbreak_quarantine', 0], ['kbytes_in_policy_virus_outbreak_quarantine', 0],
      ['reporting_utilization', 0], ['quarantine_utilization', 0],
    ].map(([name, current]) => ({ name: name as string, current: current as number | string })),
  }
}
