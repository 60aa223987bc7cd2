// IROH's rate limit: N requests per org per rolling hour (SecureX docs: 8000), counted in one-minute buckets per
// process by the control-plane clock.

const BUCKETS = 60
const BUCKET_MS = 60_000

interface OrgWindow {
  counts: Int32Array
  minutes: Float64Array
  total: number
}

export interface RateDecision {
  allowed: boolean
  /** Seconds until the oldest counted minute leaves the window (for Retry-After). */
  retryAfterSeconds: number
}

export class OrgRateLimiter {
  readonly #windows = new Map<string, OrgWindow>()
  constructor(readonly limitPerHour: number) {}

  /** Counts one request for the org unless it is over the limit; a limit of 0 disables limiting. */
  hit(org: string, now: Date): RateDecision {
    if (this.limitPerHour <= 0) return { allowed: true, retryAfterSeconds: 0 }
    let window = this.#windows.get(org)
    if (!window) {
      window = { counts: new Int32Array(BUCKETS), minutes: new Float64Array(BUCKETS).fill(-Infinity), total: 0 }
      this.#windows.set(org, window)
    }
    const minute = Math.floor(now.getTime() / BUCKET_MS)
    const slot = ((minute % BUCKETS) + BUCKETS) % BUCKETS
    if (window.minutes[slot] !== minute) {
      // Drop every bucket that left the window (also after the clock moved backwards).
      for (let i = 0; i < BUCKETS; i++) {
        const age = minute - window.minutes[i]
        if (window.counts[i] !== 0 && (age >= BUCKETS || age < 0)) {
          window.total -= window.counts[i]
          window.counts[i] = 0
        }
      }
      window.minutes[slot] = minute
    }
    if (window.total >= this.limitPerHour) {
      let oldest = minute
      for (let i = 0; i < BUCKETS; i++) if (window.counts[i] > 0 && window.minutes[i] < oldest) oldest = window.minutes[i]
      const retryAt = (oldest + BUCKETS) * BUCKET_MS
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) }
    }
    window.counts[slot] += 1
    window.total += 1
    return { allowed: true, retryAfterSeconds: 0 }
  }

  forget(org?: string): void {
    if (org === undefined) this.#windows.clear()
    else this.#windows.delete(org)
  }
}
