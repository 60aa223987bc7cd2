// Builds the intel service exactly as server.ts does, on a fresh migrated database, with the clock frozen at a known
// instant, and a small real HTTP server standing in for the paired CTR's JWKS. Each test makes its own org.
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import { generateSigningKey, loadConfig, publicJwk, signRs256, type ServiceApp, type SigningKey } from '@ctrmock/kit'
import { createTestDatabase } from '@ctrmock/kit/testing'
import type { PrismaClient } from '@ctrmock/kit/db'
import { IROH_CLAIMS, IROH_TOKEN_ISSUER } from '@ctrmock/types'
import { buildIntelApp } from '../src/app.ts'
import { IntelEnv } from '../src/config.ts'

export const T0 = '2026-03-02T10:00:00.000Z'

// RSA key generation is slow: one CTR key per test process is enough (each test still gets its own JWKS server).
let ctrKey: SigningKey | undefined

/** The paired CTR as the intel service sees it: a JWKS endpoint and the key that signs access tokens. */
export async function startJwks(t: Test, key: SigningKey = (ctrKey ??= generateSigningKey())): Promise<{ url: string; key: SigningKey }> {
  const server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk(key)] }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/jwks`, key }
}

export interface TokenOptions { scopes?: string[]; clientId?: string; ttlSeconds?: number; key?: SigningKey }

export interface TestIntel {
  app: ServiceApp
  jwks: { url: string; key: SigningKey }
  token(org: string, options?: TokenOptions): string
  auth(org: string, options?: TokenOptions): { authorization: string }
}

export interface TestAppOptions {
  env?: Record<string, string>
  jwks?: { url: string; key: SigningKey }
  /** Wraps the database client the app gets (e.g. to count its queries). */
  wrap?: (prisma: PrismaClient) => PrismaClient
}

export async function buildTestApp(t: Test, options: TestAppOptions = {}): Promise<TestIntel> {
  const { url: databaseUrl, prisma: opened } = await createTestDatabase(t)
  const prisma = options.wrap ? options.wrap(opened) : opened
  const jwks = options.jwks ?? (await startJwks(t))
  const config = loadConfig(IntelEnv, { PORT: '0', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', INTEL_TRUSTED_JWKS_URL: jwks.url, ...options.env })
  const app = await buildIntelApp(config, { prisma, logger: false })
  t.teardown(() => app.close())
  const clock = await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { set: T0, freeze: true } })
  if (clock.statusCode !== 200) throw new Error(`cannot freeze the clock: ${clock.body}`)
  const token: TestIntel['token'] = (org, o = {}) => {
    const iat = Math.floor(app.clock.now(org).getTime() / 1000)
    return signRs256(o.key ?? jwks.key, {
      iss: IROH_TOKEN_ISSUER, sub: `user-${org}`, iat, nbf: iat, exp: iat + (o.ttlSeconds ?? 600), jti: randomUUID(),
      [IROH_CLAIMS.orgId]: org,
      [IROH_CLAIMS.userId]: `user-${org}`,
      [IROH_CLAIMS.scopes]: o.scopes ?? ['private-intel', 'casebook'],
      ...(o.clientId ? { [IROH_CLAIMS.oauthClientId]: o.clientId } : {}),
    })
  }
  return { app, jwks, token, auth: (org, o) => ({ authorization: `Bearer ${token(org, o)}` }) }
}

export const newOrg = () => `org-${randomUUID()}`

export function judgement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    observable: { type: 'ip', value: '198.51.100.7' }, source: 'ctrmock tests', priority: 95, severity: 'High',
    confidence: 'High', disposition: 2, disposition_name: 'Malicious', timestamp: T0, ...overrides,
  }
}

export function sighting(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    observables: [{ type: 'ip', value: '198.51.100.7' }], observed_time: { start_time: T0 }, confidence: 'High',
    source: 'ctrmock tests', timestamp: T0, count: 1, ...overrides,
  }
}

/** Posts an entity and answers the stored one (fails the test setup on any other status). */
export async function create(intel: TestIntel, org: string, type: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await intel.app.inject({ method: 'POST', url: `/ctia/${type}`, headers: intel.auth(org), payload: body })
  if (res.statusCode !== 201) throw new Error(`creating ${type} failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** The last path segment of an entity id, as routes take it. */
export const shortId = (id: unknown) => String(id).slice(String(id).lastIndexOf('/') + 1)
