// The one door time passes through: domain code calls clock.now(), never Date.now().
// The controllable clock can be offset, frozen and advanced through /__mock/clock — for the whole service, or for one
// org only (its time = the service's time + the org's own offset), so parallel test suites can each move their time.

export interface Clock {
  /** The time of `org` where orgs can have time of their own; the service's time otherwise. */
  now(org?: string): Date
}

export interface ClockState {
  offsetMs: number
  frozenAt: Date | null
}

export const systemClock: Clock = { now: () => new Date() }

const STILL: ClockState = { offsetMs: 0, frozenAt: null }

/** Pure state transitions, shared by the service clock and the org clocks. */
export const clockMoves = {
  advance: (s: ClockState, ms: number): ClockState => ({ offsetMs: s.offsetMs + ms, frozenAt: s.frozenAt ? new Date(s.frozenAt.getTime() + ms) : null }),
  freeze: (s: ClockState, shown: Date): ClockState => ({ ...s, frozenAt: s.frozenAt ?? shown }),
  unfreeze: (s: ClockState, base: Date): ClockState => (s.frozenAt ? { offsetMs: s.frozenAt.getTime() - base.getTime(), frozenAt: null } : s),
}

export class ControllableClock implements Clock {
  #service: ClockState = STILL
  #orgs = new Map<string, ClockState>()

  constructor(private readonly base: Clock = systemClock) {}

  /** The time of `org` (its own clock if it has one), else the service's. Callers name the org they act for. */
  now(org?: string): Date {
    const service = this.#serviceNow()
    const own = org === undefined ? undefined : this.#orgs.get(org)
    if (!own) return service
    return own.frozenAt ? new Date(own.frozenAt.getTime()) : new Date(service.getTime() + own.offsetMs)
  }

  /** The service's own time, whatever org the running request acts for (device-to-device credentials, mail). */
  serviceNow(): Date {
    return this.#serviceNow()
  }

  #serviceNow(): Date {
    const { frozenAt, offsetMs } = this.#service
    return frozenAt ? new Date(frozenAt.getTime()) : new Date(this.base.now().getTime() + offsetMs)
  }

  /** The state of the service clock, or of one org's clock (offset relative to the service clock). */
  state(org?: string): ClockState {
    return { ...(org === undefined ? this.#service : (this.#orgs.get(org) ?? STILL)) }
  }

  orgs(): string[] {
    return [...this.#orgs.keys()]
  }

  set(state: ClockState, org?: string): void {
    const copy = { offsetMs: state.offsetMs, frozenAt: state.frozenAt ? new Date(state.frozenAt) : null }
    if (org === undefined) this.#service = copy
    else if (copy.offsetMs === 0 && !copy.frozenAt) this.#orgs.delete(org)
    else this.#orgs.set(org, copy)
  }

  /** Replaces every org clock at once (after reloading them from the store). */
  setOrgs(states: Map<string, ClockState>): void {
    this.#orgs = new Map(states)
  }

  /** Moves time forward (or back, for a negative amount), frozen or not. */
  advance(ms: number, org?: string): ClockState {
    this.set(clockMoves.advance(this.state(org), ms), org)
    return this.state(org)
  }

  freeze(org?: string): ClockState {
    this.set(clockMoves.freeze(this.state(org), this.now(org)), org)
    return this.state(org)
  }

  /** Unfreezes keeping the time shown at that moment. */
  unfreeze(org?: string): ClockState {
    const base = org === undefined ? this.base.now() : this.#serviceNow()
    this.set(clockMoves.unfreeze(this.state(org), base), org)
    return this.state(org)
  }

  reset(org?: string): ClockState {
    if (org === undefined) {
      this.#service = STILL
      this.#orgs.clear()
    } else this.#orgs.delete(org)
    return this.state(org)
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Parses "90s", "2h", "1d", "-30m" or a plain number of milliseconds; undefined when malformed. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined
  const match = /^(-?\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(input.trim())
  if (!match) return undefined
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!)
}
