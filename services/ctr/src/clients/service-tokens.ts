// The tokens CTR mints for its own calls to SSE and the intel service: one per org, reused until a minute before it
// expires. Service time, not the org's own clock: SSE and intel check them against their service clocks (an org clock
// moved on CTR alone must not break them).
import { IROH_ACCESS_TOKEN_TTL_SECONDS } from '@ctrmock/types'

export class ServiceTokens {
  readonly #minted = new Map<string, { token: string; iat: number; exp: number }>()

  constructor(
    private readonly mint: (orgId: string, now: Date) => Promise<string>,
    private readonly clock: { serviceNow(): Date },
  ) {}

  async tokenFor(orgId: string): Promise<string> {
    const now = this.clock.serviceNow()
    const nowSeconds = Math.floor(now.getTime() / 1000)
    const cached = this.#minted.get(orgId)
    // One minted after now (the clock set back since) would be refused as not yet valid: it is minted again.
    if (cached && cached.iat <= nowSeconds && cached.exp - nowSeconds > 60) return cached.token
    const token = await this.mint(orgId, now)
    this.#minted.set(orgId, { token, iat: nowSeconds, exp: nowSeconds + IROH_ACCESS_TOKEN_TTL_SECONDS })
    return token
  }

  /** Drops the tokens of an org (a reset), or of every org. */
  forget(orgId?: string): void {
    if (orgId === undefined) this.#minted.clear()
    else this.#minted.delete(orgId)
  }
}
