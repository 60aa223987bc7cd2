// Builds the ESA agent exactly as server.ts does, on a fresh migrated database with the clock frozen at a known
// instant, plus a small real HTTP server standing in for SSE's device-facing API (the brief's contract).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { Test } from 'tap'
import { loadConfig, signHs256, verifyHs256 } from '@ctrmock/kit'
import { createTestDatabase, type TestDatabase } from '@ctrmock/kit/testing'
import { REGISTRATION_FAILED_MESSAGE, type DeviceRegistrationRequest, type EsaOrg } from '@ctrmock/types'
import { buildEsaApp, type EsaApp, type EsaDeps } from '../src/app.ts'
import { EsaEnv } from '../src/config.ts'

export const T0 = '2026-03-02T10:00:00.000Z'
export const API = '/esa/api/v2.0'
export const AMERICAS = 'AMERICAS (api-sse.cisco.com)'
export const EUROPE = 'EUROPE (api.eu.sse.itd.cisco.com)'

export interface TestAppOptions {
  env?: Record<string, string>
  /** Reuse a database (a restart test builds a second app on the first one's data). */
  database?: TestDatabase
  /** Pins the machine figures system health reports. */
  readMachine?: EsaDeps['readMachine']
  /** Pins the disk figures the XML status page reports. */
  readDisk?: EsaDeps['readDisk']
}

export async function buildTestApp(t: Test, options: TestAppOptions = {}): Promise<EsaApp> {
  const database = options.database ?? (await createTestDatabase(t))
  const config = loadConfig(EsaEnv, {
    PORT: '0', SMTP_PORT: '0', DATABASE_URL: database.url, LOG_LEVEL: 'silent',
    SSE_AMERICAS_URL: 'http://127.0.0.1:9', SSE_EUROPE_URL: 'http://127.0.0.1:9',
    REGISTRATION_RETRY_BASE_MS: '20', REGISTRATION_RETRY_MAX_MS: '100', SSE_TIMEOUT_MS: '2000',
    ...options.env,
  })
  const app = await buildEsaApp(config, { prisma: database.prisma, logger: process.env.ESA_TEST_LOG === '1', ...(options.readMachine ? { readMachine: options.readMachine } : {}), ...(options.readDisk ? { readDisk: options.readDisk } : {}) })
  t.teardown(() => app.close())
  const clock = await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { set: T0, freeze: true } })
  if (clock.statusCode !== 200) throw new Error(`cannot freeze the clock: ${clock.body}`)
  return app
}

/** An isolated appliance (its own credentials) for one test. */
export async function createOrg(app: EsaApp, body: Record<string, unknown> = {}): Promise<EsaOrg> {
  const res = await app.inject({ method: 'POST', url: '/__mock/orgs', payload: body })
  if (res.statusCode !== 201) throw new Error(`org creation failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

export const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
export const asOrg = (org: EsaOrg) => basic(org.username, org.password)

/** A call to the AsyncOS API as the org's admin. */
export async function api(app: EsaApp, org: EsaOrg, method: 'GET' | 'PUT' | 'POST', path: string, payload?: unknown) {
  return app.inject({ method, url: `${API}${path}`, headers: asOrg(org), ...(payload !== undefined ? { payload: payload as object } : {}) })
}

/** Polls the settings page (real time: the registration runner works in the background) until `done`. */
export async function waitForState(app: EsaApp, org: EsaOrg, state: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await api(app, org, 'GET', '/config/cloud_service_settings')
    const data = res.json().data
    if (data?.registrationState === state) return data
    if (Date.now() > deadline) throw new Error(`still ${data?.registrationState} after ${timeoutMs} ms, wanted ${state}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Enable → commit → skip the busy phase by moving the org's clock (as the client does) → the page asks for a token. */
export async function readyForToken(app: EsaApp, org: EsaOrg, server = AMERICAS): Promise<void> {
  await api(app, org, 'PUT', '/config/cloud_service_settings', { enabled: true, server })
  await api(app, org, 'POST', '/config/commit', { comment: 'Enabling CTR' })
  await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: org.orgId, advance: '10m' } })
}

const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let body = ''
  req.on('data', (c) => { body += c })
  req.on('end', () => resolve(body))
})

export interface FakeDevice { deviceId: string; deviceSecret: string; request: DeviceRegistrationRequest; deleted: boolean; heartbeats: number }

/**
 * SSE's device-facing API as the brief defines it: single-use tokens, HS256 device credentials, heartbeats and
 * deregistration. `hold` keeps registration answers back until released; `failWith` answers every call with a status.
 */
export class FakeSse {
  readonly tokens = new Set<string>()
  readonly devices: FakeDevice[] = []
  registrationCalls = 0
  readonly callsByToken = new Map<string, number>()
  failWith: number | undefined
  /** What a registration answers as the device's heartbeat interval. */
  heartbeatIntervalSeconds = 60
  #held: Array<() => void> | undefined
  #server: Server | undefined
  port = 0

  constructor(private readonly now: () => Date = () => new Date(T0)) {}

  get url() { return `http://127.0.0.1:${this.port}` }

  newToken(): string {
    const token = randomBytes(16).toString('hex')
    this.tokens.add(token)
    return token
  }

  /** The device an appliance registered (by its serial number). */
  deviceOf(org: { serialNumber: string }): FakeDevice | undefined {
    return this.devices.filter((d) => d.request.device.serialNumber === org.serialNumber).at(-1)
  }

  hold(): void { this.#held = [] }
  release(): void { const held = this.#held ?? []; this.#held = undefined; for (const go of held) go() }

  async start(t: Test, port = 0): Promise<this> {
    const server = createServer((req, res) => void this.#handle(req, res))
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    const address = server.address()
    this.port = typeof address === 'object' && address ? address.port : port
    this.#server = server
    t.teardown(() => this.stop())
    return this
  }

  stop(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (!server) return Promise.resolve()
    return new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  }

  #device(req: IncomingMessage): FakeDevice | undefined {
    const token = req.headers.authorization?.slice('Bearer '.length) ?? ''
    return this.devices.find((d) => {
      if (d.deleted) return false
      try {
        const claims = verifyHs256(token, d.deviceSecret, this.now(), { audience: 'sse' })
        return claims.sub === d.deviceId && claims.iss === d.deviceId
      } catch {
        return false
      }
    })
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(payload === undefined ? undefined : JSON.stringify(payload))
    }
    const registering = req.method === 'POST' && req.url === '/device/v1/registrations'
    if (registering) {
      this.registrationCalls++
      const token = (JSON.parse(body || '{}') as { token?: string }).token ?? ''
      this.callsByToken.set(token, (this.callsByToken.get(token) ?? 0) + 1)
    }
    if (this.failWith) return send(this.failWith, { error: 'unavailable' })
    if (registering) {
      if (this.#held) await new Promise<void>((go) => this.#held!.push(go))
      const request = JSON.parse(body) as DeviceRegistrationRequest
      if (!this.tokens.delete(request.token)) return send(401, { error: 'invalid_token', error_description: REGISTRATION_FAILED_MESSAGE })
      const device = { deviceId: `dev-${this.devices.length + 1}`, deviceSecret: randomBytes(24).toString('hex'), request, deleted: false, heartbeats: 0 }
      this.devices.push(device)
      return send(201, { deviceId: device.deviceId, deviceSecret: device.deviceSecret, region: 'AMERICAS', registeredAt: this.now().toISOString(), heartbeatIntervalSeconds: this.heartbeatIntervalSeconds })
    }
    const device = this.#device(req)
    if (!device) return send(401, { error: 'invalid_device_credentials' })
    if (req.method === 'POST' && req.url === '/device/v1/heartbeat') {
      device.heartbeats++
      return send(200, { status: 'connected', serverTime: this.now().toISOString() })
    }
    if (req.method === 'DELETE' && req.url === '/device/v1/registration') {
      device.deleted = true
      return send(204)
    }
    send(404, { error: 'not_found' })
  }
}

/** What SSE's device proxy sends: an HS256 JWT with the device secret, aud "device". */
export function sseProxyAuth(deviceId: string, deviceSecret: string, now: Date, overrides: Record<string, unknown> = {}) {
  const iat = Math.floor(now.getTime() / 1000)
  return { authorization: `Bearer ${signHs256(deviceSecret, { iss: 'sse', sub: deviceId, aud: 'device', iat, exp: iat + 60, ...overrides })}` }
}

export { until } from '@ctrmock/kit/testing'
