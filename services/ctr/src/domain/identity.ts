// Orgs, users and API clients: client ids look like Cisco's (`client-<uuid>`), passwords are stored as scrypt
// hashes, and an org made for a test suite is isolated (its own user, client and data).
import { scrypt, timingSafeEqual } from 'node:crypto'
import { DomainError } from '@ctrmock/kit/domain'
import { identityExists, invalidRequest } from './errors.ts'
import type { IdentityStore, NewIdentity } from '../store/identity.ts'
import { DEFAULT_SCOPES, isValidScope } from './scopes.ts'
import { stableUuid, type CtrRandom } from './random.ts'

const SCRYPT_KEYLEN = 32
// N = 2^12: a stored hash still costs real work to attack, and token issue stays quick.
const SCRYPT_COST = 4096

function scryptAsync(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, SCRYPT_KEYLEN, { N: cost, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key))))
}

/** `scrypt$<N>$<salt>$<hash>` (base64 salt and hash). */
export async function hashPassword(password: string, random: CtrRandom): Promise<string> {
  const salt = random.bytes(16)
  return `scrypt$${SCRYPT_COST}$${salt.toString('base64')}$${(await scryptAsync(password, salt, SCRYPT_COST)).toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, salt, hash] = stored.split('$')
  const n = Number(cost)
  if (scheme !== 'scrypt' || !salt || !hash || !Number.isInteger(n) || n < 2 || n > 1_048_576 || (n & (n - 1)) !== 0) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), n)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

export interface OrgInput {
  name?: string
  scopes?: string[]
  clientId?: string
  clientPassword?: string
}

export interface CreatedOrg {
  orgId: string
  orgName: string
  clientId: string
  clientPassword: string
  scopes: string[]
  userId: string
  userEmail: string
}

export function readOrgInput(input: Record<string, unknown>): OrgInput {
  const out: OrgInput = {}
  const { name, scopes, clientId, clientPassword } = input
  if (name !== undefined) {
    if (typeof name !== 'string' || !name.trim() || name.length > 200) throw invalidRequest('name must be a non-empty string of at most 200 characters')
    out.name = name.trim()
  }
  if (scopes !== undefined) {
    if (!Array.isArray(scopes) || scopes.length > 100 || !scopes.every((s) => typeof s === 'string' && isValidScope(s))) {
      throw invalidRequest('scopes must be an array of IROH scopes such as "enrich" or "inspect:read"')
    }
    out.scopes = [...new Set(scopes as string[])]
  }
  if (clientId !== undefined) {
    if (typeof clientId !== 'string' || !/^client-[\w-]{1,100}$/.test(clientId)) throw invalidRequest('clientId must look like client-<uuid>')
    out.clientId = clientId
  }
  if (clientPassword !== undefined) {
    if (typeof clientPassword !== 'string' || clientPassword.length < 8 || clientPassword.length > 200) throw invalidRequest('clientPassword must have 8 to 200 characters')
    out.clientPassword = clientPassword
  }
  return out
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'org'
}

export async function createOrg(store: IdentityStore, random: CtrRandom, now: Date, input: OrgInput, orgId = random.id()): Promise<CreatedOrg> {
  const orgName = input.name ?? `ctrmock org ${orgId.slice(0, 8)}`
  const clientId = input.clientId ?? `client-${random.id()}`
  const clientPassword = input.clientPassword ?? random.bytes(36).toString('base64url')
  const scopes = input.scopes ?? [...DEFAULT_SCOPES]
  const userId = random.id()
  const userEmail = `admin@${slug(orgName)}.ctrmock.test`
  const identity: NewIdentity = {
    org: { id: orgId, name: orgName, createdAt: now, updatedAt: now },
    user: { id: userId, orgId, email: userEmail, name: `${orgName} admin`, role: 'admin', createdAt: now, updatedAt: now },
    client: {
      id: clientId, orgId, userId, name: `${orgName} API client`, passwordHash: await hashPassword(clientPassword, random),
      scopes, enabled: true,
    },
  }
  try {
    await store.createIdentity(identity)
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw identityExists(clientId, orgId)
    throw error
  }
  return { orgId, orgName, clientId, clientPassword, scopes, userId, userEmail }
}

/** The org and API client configured by CTRMOCK_CLIENT_ID / CTRMOCK_CLIENT_PASSWORD, created when missing. */
export async function ensureDefaultOrg(store: IdentityStore, random: CtrRandom, now: Date, clientId: string, clientPassword: string): Promise<{ orgId: string; created: boolean }> {
  const existing = await store.findClient(clientId)
  if (existing) {
    // The configured password wins: changing CTRMOCK_CLIENT_PASSWORD and restarting takes effect.
    if (!(await verifyPassword(clientPassword, existing.client.passwordHash))) {
      await store.setClientPassword(clientId, await hashPassword(clientPassword, random), now)
    }
    // A data dir made by an older ctrmock gets the scopes a newer one grants by default.
    const missing = DEFAULT_SCOPES.filter((scope) => !existing.client.scopes.includes(scope))
    if (missing.length > 0) await store.setClientScopes(clientId, [...existing.client.scopes, ...missing], now)
    return { orgId: existing.org.id, created: false }
  }
  const orgId = stableUuid(`ctrmock-default-org:${clientId}`)
  try {
    await createOrg(store, random, now, { name: 'ctrmock', clientId, clientPassword }, orgId)
    return { orgId, created: true }
  } catch (error) {
    // Another replica created it at the same moment.
    if (error instanceof DomainError && error.status === 409) return { orgId, created: false }
    throw error
  }
}
