// OAuth2 client credentials: who an API client is (read from the store on every request) and which scopes a token gets.
import { createHash } from 'node:crypto'
import { DomainError } from '@ctrmock/kit/domain'
import { invalidScope } from './errors.ts'
import type { IdentityStore } from '../store/identity.ts'
import type { TokenSubject } from './access-tokens.ts'
import type { CtrRandom } from './random.ts'
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

const REMEMBERED_PASSWORDS = 10_000

/**
 * verifyPassword, remembering each password it accepted against a hash, because scrypt on every token request caps
 * token issue below its speed guard (BENCHMARKS.md, "CTR"). The hash is the store's current one, so a
 * changed password is checked again; only a digest of the password (peppered per process) is kept.
 */
export function rememberingPasswordCheck(pepper: Buffer): (password: string, passwordHash: string) => Promise<boolean> {
  const accepted = new Map<string, string>()
  return async (password, passwordHash) => {
    const digest = createHash('sha256').update(pepper).update(password).digest('base64')
    if (accepted.get(passwordHash) === digest) return true
    if (!(await verifyPassword(password, passwordHash))) return false
    if (accepted.size >= REMEMBERED_PASSWORDS) accepted.delete(accepted.keys().next().value!)
    accepted.set(passwordHash, digest)
    return true
  }
}

export class ClientAuthenticator {
  readonly #passwordMatches: (password: string, passwordHash: string) => Promise<boolean>

  constructor(private readonly store: IdentityStore, random: CtrRandom) {
    this.#passwordMatches = rememberingPasswordCheck(random.bytes(16))
  }

  async authenticate(clientId: string, password: string): Promise<TokenSubject> {
    if (!clientId || !password || clientId.length > 200 || password.length > 500) throw new InvalidClientError('malformed credentials')
    const found = await this.store.findClient(clientId)
    if (!found) throw new InvalidClientError(`unknown API client ${clientId}`)
    if (!found.client.enabled) throw new InvalidClientError(`API client ${clientId} is disabled`)
    if (!(await this.#passwordMatches(password, found.client.passwordHash))) throw new InvalidClientError(`wrong password for API client ${clientId}`)
    return {
      orgId: found.org.id, orgName: found.org.name, userId: found.user.id, userEmail: found.user.email,
      clientId, scopes: found.client.scopes,
    }
  }
}
