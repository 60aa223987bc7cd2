// The XML status page's figures from an appliance's tracked messages and its host, without HTTP or Postgres.
import t from 'tap'
import { compactTime, sizeText, uptimeText, xmlStatus, type MailTally, type StatusInputs } from '../../src/domain/xml-status.ts'

const tally = (deliveryStatus: string, messages: number, recipients: number, recent: Array<[number, number]>): MailTally => ({
  deliveryStatus, messages, recipients, recent: recent.map(([m, r]) => ({ messages: m, recipients: r })) as MailTally['recent'],
})

const inputs = (over: Partial<StatusInputs> = {}): StatusInputs => ({
  hostname: 'esa1.example.com', asyncosVersion: '14.2.0-620', provisionedAt: new Date('2016-10-11T10:16:43Z'), now: new Date('2017-03-29T11:55:51Z'),
  lastMid: 41, lastIcid: 17, tallies: [], machine: { cpuLoad: 0.084, memoryUsed: 0.06, swapUsed: 0 },
  disk: { usedFraction: 0.14, freeBytes: 388 * 2 ** 30 + 5 }, connectionsIn: 2, ...over,
})

const figure = <T extends { name: string }>(list: T[], name: string): T | undefined => list.find((entry) => entry.name === name)

t.test('the page names the appliance, its build and how long it has run', async (t) => {
  const status = xmlStatus(inputs())
  t.equal(status.build, 'phoebe 14.2.0-620')
  t.equal(status.hostname, 'esa1.example.com')
  t.equal(status.timestamp, '20170329115551')
  t.equal(status.birthTime, '20161011101643 (169d 1h 39m 8s)', 'provisioned, then never restarted')
  t.same(status.currentIds, { message_id: 41, injection_conn_id: 17, delivery_conn_id: 0 })
  t.equal(uptimeText(-5_000), '0d 0h 0m 0s', 'a clock set before the provisioning reads as no time')
  t.equal(compactTime(new Date('2026-01-02T03:04:05.999Z')), '20260102030405')
})

t.test('counters count messages and recipients by how their delivery ended', async (t) => {
  const status = xmlStatus(inputs({
    tallies: [
      tally('Delivered', 10, 14, [[1, 1], [2, 3], [4, 6]]),
      tally('Dropped By Anti-Virus', 2, 2, [[0, 0], [0, 0], [1, 1]]),
      tally('Dropped', 1, 3, [[0, 0], [0, 0], [0, 0]]),
      tally('Quarantined', 3, 3, [[1, 1], [1, 1], [1, 1]]),
      tally('Bounced', 1, 2, [[0, 0], [1, 2], [1, 2]]),
    ],
  }))
  const value = (name: string) => figure(status.counters, name)?.value
  t.equal(value('inj_msgs'), 17, 'every message the appliance took')
  t.equal(value('inj_recips'), 24)
  t.equal(value('dropped_msgs'), 3, 'every kind of drop')
  t.equal(value('delivered_recips'), 14)
  t.equal(value('hard_bounced_recips'), 2)
  t.equal(value('completed_recips'), 16, 'delivered and bounced; a quarantined mail is not done yet')
  t.equal(value('soft_bounced_evts'), 0, 'the agent retries nothing')
  t.equal(status.counters.length, 16)
  t.same(figure(status.rates, 'inj_msgs'), { name: 'inj_msgs', last_1_min: 120, last_5_min: 48, last_15_min: 28 }, 'events per hour over each window')
  t.same(figure(status.rates, 'delivered_recips'), { name: 'delivered_recips', last_1_min: 60, last_5_min: 36, last_15_min: 24 })
})

t.test('gauges: the host stands in for the appliance, and nothing is queued', async (t) => {
  const current = (name: string) => figure(xmlStatus(inputs()).gauges, name)?.current
  t.equal(current('ram_utilization'), 6)
  t.equal(current('total_utilization'), 8)
  t.equal(current('log_used'), 14)
  t.equal(current('log_available'), '388G')
  t.equal(current('kbytes_free'), 388 * 2 ** 20)
  t.equal(current('conn_in'), 2)
  t.equal(current('active_recips'), 0)
  t.equal(current('msgs_in_work_queue'), 0)
  t.equal(figure(xmlStatus(inputs({ machine: { cpuLoad: 2.5, memoryUsed: Number.NaN, swapUsed: 0 } })).gauges, 'total_utilization')?.current, 100)
  t.equal(sizeText(512), '512')
  t.equal(sizeText(3 * 2 ** 40), '3T')
})
