// When an appliance sends its heartbeats: every interval, at a point of the interval fixed by its id. Real appliances
// beat independently of each other; appliances resumed together at a restart (or registered in the same second by a
// test suite) would otherwise all beat in the same instant, every interval, and hold up everything else the services
// do in that instant.

/** FNV-1a: a cheap, stable spread of ids over 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** The appliance's point within each interval, in ms from a multiple of the interval. */
export function heartbeatPhaseMs(applianceId: string, intervalMs: number): number {
  return fnv1a(applianceId) % intervalMs
}

/** Ms from `nowMs` until the appliance's next heartbeat. After a heartbeat sent just now (`justBeat`), the next one is
 *  at least half an interval away, so the gap between two stays between half and one and a half intervals. */
export function msUntilHeartbeat(applianceId: string, intervalMs: number, nowMs: number, justBeat = false): number {
  const wait = (heartbeatPhaseMs(applianceId, intervalMs) - (nowMs % intervalMs) + intervalMs) % intervalMs
  return justBeat && wait < intervalMs / 2 ? wait + intervalMs : wait
}
