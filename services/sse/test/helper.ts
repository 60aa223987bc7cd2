// Builds SSE exactly as server.ts does, on a fresh migrated database, with the clock frozen at a known instant, and
// a small real HTTP server standing in for the paired CTR's JWKS. Each test makes its own org (a fresh org id).
import { createServer, type Server } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import { generateSigningKey, loadConfig, publicJwk, signHs256, signRs256, type ServiceApp, type SigningKey } from '@ctrmock/kit'
import { createTestDatabase } from '@ctrmock/kit/testing'
import { IROH_CLAIMS, IROH_TOKEN_ISSUER, type DeviceFacts, type DeviceRegistration } from '@ctrmock/types'
import { buildSseApp } from '../src/app.ts'
import { SseEnv } from '../src/config.ts'

export const T0 = '2026-03-02T10:00:00.000Z'

/** A real HTTP server on port 0, closed on teardown. */
export async function startServer(t: Test, handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return { url, server }
}

// RSA key generation is slow: one CTR key per test process is enough (each test still gets its own JWKS server).
let ctrKey: SigningKey | undefined

/** The paired CTR as SSE sees it: a JWKS endpoint and the key that signs access tokens. */
export async function startJwks(t: Test, key: SigningKey = (ctrKey ??= generateSigningKey())): Promise<{ url: string; key: SigningKey }> {
  const { url } = await startServer(t, (req, res) => {
    if (req.url !== '/.well-known/jwks') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk(key)] }))
  })
  return { url: `${url}/.well-known/jwks`, key }
}

export interface TestSse {
  app: ServiceApp
  key: SigningKey
  jwksUrl: string
  /** A CTR access token for an org (claims as CTR issues them), valid at the app's current time. */
  adminToken(org: string, options?: { clientId?: string; email?: string; ttlSeconds?: number; key?: SigningKey; issuer?: string }): string
  admin(org: string): { authorization: string }
}

export interface TestSseOptions {
  env?: Record<string, string>
  /** Share a JWKS (one CTR trusted by several SSE instances). */
  jwks?: { url: string; key: SigningKey }
}

export async function buildTestApp(t: Test, options: TestSseOptions = {}): Promise<TestSse> {
  const { url: databaseUrl, prisma } = await createTestDatabase(t)
  const jwks = options.jwks ?? (await startJwks(t))
  const config = loadConfig(SseEnv, {
    PORT: '0', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SSE_TRUSTED_JWKS_URL: jwks.url, ...options.env,
  })
  const app = await buildSseApp(config, { prisma, logger: false })
  t.teardown(() => app.close())
  const clock = await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { set: T0, freeze: true } })
  if (clock.statusCode !== 200) throw new Error(`cannot freeze the clock: ${clock.body}`)

  const adminToken: TestSse['adminToken'] = (org, o = {}) => {
    const iat = Math.floor(app.clock.now(org).getTime() / 1000)
    return signRs256(o.key ?? jwks.key, {
      iss: o.issuer ?? IROH_TOKEN_ISSUER, sub: `user-${org}`, iat, nbf: iat, exp: iat + (o.ttlSeconds ?? 600), jti: randomUUID(),
      [IROH_CLAIMS.orgId]: org,
      [IROH_CLAIMS.userId]: `user-${org}`,
      [IROH_CLAIMS.scopes]: ['sse', 'integration'],
      ...(o.clientId ? { [IROH_CLAIMS.oauthClientId]: o.clientId } : {}),
      ...(o.email ? { [IROH_CLAIMS.userEmail]: o.email } : {}),
    })
  }
  return { app, key: jwks.key, jwksUrl: jwks.url, adminToken, admin: (org) => ({ authorization: `Bearer ${adminToken(org)}` }) }
}

export const newOrg = () => `org-${randomUUID()}`

export function facts(overrides: Partial<DeviceFacts> = {}): DeviceFacts {
  return {
    name: 'esa03.mex-amp.inlab', type: 'ESA', version: '13.0.0-392', serialNumber: '4229A3F5C5D2-1A2B3C4',
    ip: '127.0.0.1', callbackUrl: 'http://127.0.0.1:9/sse/v1/appliances/a1', ...overrides,
  }
}

/** Device credentials as the ESA agent sends them. */
export function deviceAuth(registration: Pick<DeviceRegistration, 'deviceId' | 'deviceSecret'>, now: Date, ttlSeconds = 300): { authorization: string } {
  const iat = Math.floor(now.getTime() / 1000)
  const token = signHs256(registration.deviceSecret, { iss: registration.deviceId, sub: registration.deviceId, aud: 'sse', iat, exp: iat + ttlSeconds })
  return { authorization: `Bearer ${token}` }
}

/** Generates tokens in an org through the portal API. */
export async function generateTokens(sse: TestSse, org: string, count = 1, expiration = '1h'): Promise<string[]> {
  const res = await sse.app.inject({ method: 'POST', url: '/api/v1/registration-tokens', headers: sse.admin(org), payload: { count, expiration } })
  if (res.statusCode !== 201) throw new Error(`token generation failed: ${res.statusCode} ${res.body}`)
  return res.json().tokens.map((entry: { token: string }) => entry.token)
}

/** Registers a device with a fresh token of the org; returns the device's credentials. */
export async function registerDevice(sse: TestSse, org: string, overrides: Partial<DeviceFacts> = {}): Promise<DeviceRegistration> {
  const [token] = await generateTokens(sse, org)
  const res = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token, device: facts(overrides) } })
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.statusCode} ${res.body}`)
  return res.json()
}
