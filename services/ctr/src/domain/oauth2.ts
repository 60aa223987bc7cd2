// OAuth2 client credentials: who an API client is, which scopes a token gets, and the caches that keep token issue
// and every authenticated call off the database (a client's record and verified password digest, the orgs that
// exist), each refreshed after a short time so a reset or a change made by another replica is seen.
import { createHash, randomBytes } from 'node:crypto'
import { DomainError } from '@ctrmock/kit'
import { invalidScope } from './errors.ts'
import type { IdentityStore } from '../store/identity.ts'
import type { TokenSubject } from './access-tokens.ts'
import { covers, isValidScope } from './scopes.ts'
import { verifyPassword } from './identity.ts'

export class InvalidClientError extends DomainError {
  /** The real reason, for the journal only: the client is told no more than Cisco tells it. */
  constructor(readonly reason = 'no credentials') {
    super('invalid_client', 'Client authentication failed: unknown client or wrong password', 400)
  }
}

/** The scopes a token gets: the client's, or the requested subset (each covered by one of the client's). */
export function grantScopes(clientScopes: readonly string[], requested?: string): string[] {
  if (requested === undefined || !requested.trim()) return [...clientScopes]
  const wanted = [...new Set(requested.trim().split(/\s+/))]
  const invalid = wanted.filter((s) => !isValidScope(s) || !clientScopes.some((c) => covers(c, s)))
  if (invalid.length > 0) throw invalidScope(invalid)
  return wanted
}

interface CachedClient {
  subject: TokenSubject
  passwordHash: string
  enabled: boolean
  /** sha256(pepper, password) of the last password verified against passwordHash. */
  verifiedDigest?: string
  fetchedAt: number
}

export class ClientAuthenticator {
  readonly #cache = new Map<string, CachedClient>()
  readonly #pepper = randomBytes(16)

  constructor(private readonly store: IdentityStore, private readonly monotonicMs: () => number, private readonly ttlMs = 10_000) {}

  #digest(password: string): string {
    return createHash('sha256').update(this.#pepper).update(password).digest('base64')
  }

  async #load(clientId: string): Promise<CachedClient | undefined> {
    const cached = this.#cache.get(clientId)
    if (cached && this.monotonicMs() - cached.fetchedAt < this.ttlMs) return cached
    const found = await this.store.findClient(clientId)
    if (!found) {
      this.#cache.delete(clientId)
      return undefined
    }
    const entry: CachedClient = {
      subject: {
        orgId: found.org.id, orgName: found.org.name, userId: found.user.id, userEmail: found.user.email,
        clientId, scopes: found.client.scopes,
      },
      passwordHash: found.client.passwordHash,
      enabled: found.client.enabled,
      ...(cached && cached.passwordHash === found.client.passwordHash && cached.verifiedDigest ? { verifiedDigest: cached.verifiedDigest } : {}),
      fetchedAt: this.monotonicMs(),
    }
    if (this.#cache.size > 10_000) this.#cache.clear()
    this.#cache.set(clientId, entry)
    return entry
  }

  async authenticate(clientId: string, password: string): Promise<TokenSubject> {
    if (!clientId || !password || clientId.length > 200 || password.length > 500) throw new InvalidClientError('malformed credentials')
    const entry = await this.#load(clientId)
    if (!entry) throw new InvalidClientError(`unknown API client ${clientId}`)
    if (!entry.enabled) throw new InvalidClientError(`API client ${clientId} is disabled`)
    const digest = this.#digest(password)
    if (entry.verifiedDigest !== digest) {
      if (!(await verifyPassword(password, entry.passwordHash))) throw new InvalidClientError(`wrong password for API client ${clientId}`)
      entry.verifiedDigest = digest
    }
    return entry.subject
  }

  forget(orgId?: string): void {
    if (orgId === undefined) this.#cache.clear()
    else for (const [id, entry] of this.#cache) if (entry.subject.orgId === orgId) this.#cache.delete(id)
  }
}

/** Whether a token's org still exists (it is gone after /__mock/reset), cached per org for a few seconds. */
export class KnownOrgs {
  readonly #checked = new Map<string, { exists: boolean; at: number }>()
  constructor(private readonly store: IdentityStore, private readonly monotonicMs: () => number, private readonly ttlMs = 5_000) {}

  /** The cached answer, or undefined when the store must be asked. */
  peek(orgId: string): boolean | undefined {
    const hit = this.#checked.get(orgId)
    return hit && this.monotonicMs() - hit.at < this.ttlMs ? hit.exists : undefined
  }

  async exists(orgId: string): Promise<boolean> {
    const cached = this.peek(orgId)
    if (cached !== undefined) return cached
    const exists = (await this.store.findOrg(orgId)) !== undefined
    if (this.#checked.size > 10_000) this.#checked.clear()
    this.#checked.set(orgId, { exists, at: this.monotonicMs() })
    return exists
  }

  forget(orgId?: string): void {
    if (orgId === undefined) this.#checked.clear()
    else this.#checked.delete(orgId)
  }
}
