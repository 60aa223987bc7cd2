// What a status change does to an incident, as CTIA's ctia.entity.incident decides it: the incident_time fields the
// new status stamps (make-status-update, apply-status-update-logic) and the intervals, in whole seconds, kept beside
// the incident for the average metric and never answered (compute-intervals, un-store-incident).
type Doc = Record<string, unknown>

/** The intervals CTIA computes, each at most once per incident (opened_to_closed again on every re-close). */
export const INCIDENT_INTERVALS = ['new_to_opened', 'opened_to_closed', 'new_to_contained'] as const
export type IncidentInterval = (typeof INCIDENT_INTERVALS)[number]
export type Intervals = Partial<Record<IncidentInterval, number>>

const category = (pattern: RegExp) => (status: unknown): boolean => typeof status === 'string' && pattern.test(status)
const isNew = category(/^New(: .+)?$/)
const isHold = category(/^Hold(: .+)?$/)
const isOpen = category(/^Open(: .+)?$/)
const isClosed = category(/^Closed(: .+)?$/)
const isContained = (status: unknown): boolean => status === 'Open: Contained'

/** The incident_time fields a status stamps with the current time. */
export function stampsFor(status: string): string[] {
  switch (status) {
    case 'New': case 'Stalled': case 'Hold': return []
    case 'Containment Achieved': case 'Restoration Achieved': return ['remediated']
    case 'Rejected': return ['rejected']
    case 'Incident Reported': return ['reported']
    case 'Open: Contained': return ['opened', 'contained']
  }
  if (isOpen(status)) return ['opened']
  if (isClosed(status)) return ['closed']
  return []
}

const timesOf = (doc: Doc | undefined): Doc => {
  const times = doc?.incident_time
  return times !== null && typeof times === 'object' && !Array.isArray(times) ? times as Doc : {}
}

/**
 * `next` (the incident about to be stored in place of `prev`) with the incident_time a status change gives it: the
 * status's stamps, overridden by the times `next` carries, overridden in turn by the times the server owns (a first
 * opening or containment, a closing, or the time an incident first entered the category it stays in).
 */
export function withStatusTimes(next: Doc, prev: Doc, now: string): Doc {
  const [before, after] = [prev.status, next.status]
  if (after === undefined || after === null || after === before) return next
  const stamped: Doc = Object.fromEntries(stampsFor(String(after)).map((field) => [field, now]))
  const times: Doc = { ...stamped, ...timesOf(next) }
  const kept = (field: string) => timesOf(prev)[field]
  if (isClosed(before) && isClosed(after) && kept('closed') != null) times.closed = kept('closed')
  if (isOpen(before) && isOpen(after) && kept('opened') != null) times.opened = kept('opened')
  if (isClosed(after) && !isClosed(before)) times.closed = stamped.closed
  if (isNew(before) && isOpen(after)) times.opened = stamped.opened
  if ((isNew(before) || isOpen(before)) && isContained(after)) times.contained = stamped.contained
  return Object.keys(times).length > 0 ? { ...next, incident_time: times } : next
}

/** Whole seconds from `earlier` to `later`, when both are dates and `earlier` is not after `later`. */
function secondsBetween(earlier: unknown, later: unknown): number | undefined {
  const [from, to] = [Date.parse(String(earlier ?? '')), Date.parse(String(later ?? ''))]
  if (Number.isNaN(from) || Number.isNaN(to) || earlier == null || later == null || from > to) return undefined
  return Math.floor((to - from) / 1000)
}

/**
 * The intervals of an incident stored as `next` in place of `prev` (which had `intervals`): those it had, and any
 * the status change completes that it lacks. Only a status change as the status route makes it gives a meaningful
 * opened_to_closed, since it reads the opening time stored before.
 */
export function nextIntervals(prev: Doc, intervals: Intervals, next: Doc): Intervals {
  const [before, after] = [prev.status, next.status]
  const out: Intervals = { ...intervals }
  if (!isClosed(before) && isClosed(after)) delete out.opened_to_closed
  const fill = (interval: IncidentInterval, earlier: unknown, later: unknown) => {
    const seconds = out[interval] === undefined ? secondsBetween(earlier, later) : undefined
    if (seconds !== undefined) out[interval] = seconds
  }
  if (isNew(before) && isOpen(after)) fill('new_to_opened', prev.created, timesOf(next).opened)
  if ((isOpen(before) || isHold(before)) && isClosed(after)) fill('opened_to_closed', timesOf(prev).opened, timesOf(next).closed)
  if ((isOpen(before) || isNew(before)) && isContained(after)) fill('new_to_contained', prev.created, timesOf(next).contained)
  return out
}

/** Intervals as the store keeps them beside an incident (none: nothing kept). */
export const intervalsField = (intervals: Intervals): Doc => (Object.keys(intervals).length > 0 ? { intervals } : {})

export const intervalsOf = (internal: Doc | undefined): Intervals => {
  const intervals = internal?.intervals
  return intervals !== null && typeof intervals === 'object' ? intervals as Intervals : {}
}
