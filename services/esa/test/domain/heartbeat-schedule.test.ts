// Appliances beat at their own point of the interval, so many of them never beat in the same instant.
import { createHash } from 'node:crypto'
import t from 'tap'
import { heartbeatPhaseMs, msUntilHeartbeat } from '../../src/domain/heartbeat-schedule.ts'

const MINUTE = 60_000
// Appliance ids as the ESA makes them (esa- and 12 hex digits), fixed so that the test reads the same every run.
const applianceId = (i: number) => `esa-${createHash('sha256').update(String(i)).digest('hex').slice(0, 12)}`

t.test('each appliance has one fixed point in the interval', async (t) => {
  const phase = heartbeatPhaseMs('esa-5dbca7bdb7cf', MINUTE)
  t.ok(phase >= 0 && phase < MINUTE)
  t.equal(heartbeatPhaseMs('esa-5dbca7bdb7cf', MINUTE), phase, 'the same after a restart')
  t.not(heartbeatPhaseMs('esa-5dbca7bdb7d0', MINUTE), phase, 'a neighbouring id beats elsewhere')
  t.equal(msUntilHeartbeat('esa-5dbca7bdb7cf', MINUTE, 10 * MINUTE + phase), 0, 'due at its point')
  t.equal(msUntilHeartbeat('esa-5dbca7bdb7cf', MINUTE, 10 * MINUTE + phase + 1), MINUTE - 1, 'just missed: one interval on')
})

t.test('appliances registered or resumed together spread over the interval', async (t) => {
  // 600 appliances as the ESA names them, all resumed at the same moment: at most 3 times the average in any second.
  const ids = Array.from({ length: 600 }, (_, i) => applianceId(i))
  const now = Date.UTC(2026, 10, 29, 1, 28, 29, 600)
  const perSecond = new Array<number>(60).fill(0)
  for (const id of ids) perSecond[Math.floor(msUntilHeartbeat(id, MINUTE, now) / 1000)]! += 1
  t.ok(Math.max(...perSecond) <= 30, `busiest second: ${Math.max(...perSecond)} of 600 heartbeats`)
  t.ok(perSecond.filter((n) => n === 0).length <= 2, 'hardly a second without one')
  const sequential = Array.from({ length: 600 }, (_, i) => `esa-${i.toString(16).padStart(12, '0')}`)
  const seconds = new Set(sequential.map((id) => Math.floor(heartbeatPhaseMs(id, MINUTE) / 1000)))
  t.ok(seconds.size >= 55, `ids that differ in one character spread too (${seconds.size} of 60 seconds)`)
})

t.test('after a heartbeat sent right away, the next is half an interval to one and a half away', async (t) => {
  const now = Date.now()
  const waits = Array.from({ length: 600 }, (_, i) => msUntilHeartbeat(applianceId(i), MINUTE, now, true))
  t.ok(Math.min(...waits) >= MINUTE / 2, `soonest: ${Math.min(...waits)} ms`)
  t.ok(Math.max(...waits) < 1.5 * MINUTE, `latest: ${Math.max(...waits)} ms`)
})
