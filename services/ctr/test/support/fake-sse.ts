// A small real SSE for CTR's tests, implementing the portal contract CTR uses (brief: SSE portal API): it trusts
// tokens from CTR's JWKS, lists an org's devices, and proxies calls to a device with an HS256 JWT.
import Fastify, { type FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import { listen, ServiceClient, ServiceUnavailableError, signHs256 } from '@ctrmock/kit'
import type { Device, DeviceProxyRequest } from '@ctrmock/types'
import { trustCtrTokens } from './ctr-tokens.ts'

interface DeviceEntry {
  orgId: string
  device: Device
  callbackUrl: string
  secret: string
}

export interface FakeSse {
  url: string
  app: FastifyInstance
  /** Registers a device for an org (as a registration with a token would). */
  addDevice(orgId: string, facts: { name: string; callbackUrl: string; secret: string; status?: Device['status'] }): Device
  setThreatResponse(orgId: string, enabled: boolean): void
  /** Proxy requests received, for assertions. */
  proxied: Array<{ orgId: string; deviceId: string; request: DeviceProxyRequest }>
  /** Registration tokens generated, for assertions. */
  issuedTokens: Array<{ orgId: string; token: string; expiration: string; expiresAt: string }>
  close(): Promise<void>
}

/** `ctrJwksUrl` is read on the first call, so CTR may start listening after this server. */
export async function startFakeSse(ctrJwksUrl: () => string, options: { proxyTimeoutMs?: number; now?: () => Date } = {}): Promise<FakeSse> {
  const now = options.now ?? (() => new Date())
  const devices = new Map<string, DeviceEntry>()
  const disabled = new Set<string>()
  const proxied: FakeSse['proxied'] = []
  const issuedTokens: FakeSse['issuedTokens'] = []
  const app = Fastify({ logger: false })

  const tokens = trustCtrTokens(app, ctrJwksUrl, now)
  const orgOf = tokens.orgOf
  const ofOrg = (orgId: string) => [...devices.values()].filter((d) => d.orgId === orgId)

  app.get('/api/v1/threat-response/devices', async (request) => ({
    devices: disabled.has(orgOf(request)) ? [] : ofOrg(orgOf(request)).map((d) => d.device),
  }))
  app.get('/api/v1/devices', async (request) => {
    const list = ofOrg(orgOf(request)).map((d) => d.device)
    return { total: list.length, offset: 0, limit: 100, devices: list }
  })
  app.get<{ Params: { id: string } }>('/api/v1/devices/:id', async (request, reply) => {
    const entry = devices.get(request.params.id)
    if (!entry || entry.orgId !== orgOf(request)) return reply.code(404).send({ error: 'device_not_found', error_description: 'No such device' })
    return entry.device
  })
  app.delete<{ Params: { id: string } }>('/api/v1/devices/:id', async (request, reply) => {
    const entry = devices.get(request.params.id)
    if (!entry || entry.orgId !== orgOf(request)) return reply.code(404).send({ error: 'device_not_found', error_description: 'No such device' })
    devices.delete(request.params.id)
    return reply.code(204).send()
  })
  app.patch<{ Params: { id: string }; Body: { description: string } }>('/api/v1/devices/:id', async (request, reply) => {
    const entry = devices.get(request.params.id)
    if (!entry || entry.orgId !== orgOf(request)) return reply.code(404).send({ error: 'device_not_found', error_description: 'No such device' })
    entry.device = { ...entry.device, description: request.body.description }
    return entry.device
  })
  app.get<{ Querystring: { status?: string } }>('/api/v1/registration-tokens', async (request) => ({
    tokens: issuedTokens.filter((t) => t.orgId === orgOf(request) && (request.query.status ?? 'unused') === 'unused')
      .map((t) => ({ token: t.token, status: 'unused', createdAt: t.expiresAt, expiresAt: t.expiresAt, batchId: 'b' })),
  }))
  app.post<{ Body: { count: number; expiration: string } }>('/api/v1/registration-tokens', async (request, reply) => {
    const expiresAt = new Date(now().getTime() + 3_600_000).toISOString()
    const tokens = Array.from({ length: request.body.count }, () => ({ token: randomUUID().replace(/-/g, ''), expiresAt }))
    issuedTokens.push(...tokens.map((t) => ({ orgId: orgOf(request), token: t.token, expiration: request.body.expiration, expiresAt })))
    return reply.code(201).send({ tokens, expiresAt, message: 'The following tokens have been generated and will be valid for 1 hour(s)', batchId: randomUUID() })
  })
  app.post<{ Params: { id: string }; Body: DeviceProxyRequest }>('/api/v1/devices/:id/proxy', async (request, reply) => {
    const orgId = orgOf(request)
    const entry = devices.get(request.params.id)
    if (!entry || entry.orgId !== orgId) return reply.code(404).send({ error: 'device_not_found', error_description: 'No such device' })
    if (disabled.has(orgId)) return reply.code(403).send({ error: 'threat_response_disabled', error_description: 'Cisco Threat Response is disabled in Cloud Services' })
    proxied.push({ orgId, deviceId: entry.device.id, request: request.body })
    const iat = Math.floor(Date.now() / 1000)
    const token = signHs256(entry.secret, { iss: 'sse', sub: entry.device.id, aud: 'device', iat, exp: iat + 60 })
    const client = new ServiceClient(entry.callbackUrl, { timeoutMs: options.proxyTimeoutMs ?? 10_000 })
    try {
      const res = await client.call(request.body.method, request.body.path, { body: request.body.body, headers: { authorization: `Bearer ${token}` }, retries: 0 })
      return { status: res.status, body: res.body }
    } catch (error) {
      if (error instanceof ServiceUnavailableError && error.reason === 'timeout') return reply.code(504).send({ error: 'device_timeout', error_description: 'The device did not answer in time' })
      return reply.code(502).send({ error: 'device_unreachable', error_description: 'The device cannot be reached' })
    } finally {
      await client.close()
    }
  })

  const url = await listen(app, 0)
  return {
    url, app, proxied, issuedTokens,
    addDevice(orgId, facts) {
      const now = new Date().toISOString()
      const device: Device = {
        id: randomUUID(), name: facts.name, type: 'ESA', version: '14.0.0-692', status: facts.status ?? 'connected', description: '',
        serialNumber: '4229C2E5A39C5B6A1C12-0F0D3D2A1B7C', ip: '127.0.0.1', registeredAt: now, lastSeenAt: now,
      }
      devices.set(device.id, { orgId, device, callbackUrl: facts.callbackUrl, secret: facts.secret })
      return device
    },
    setThreatResponse(orgId, enabled) {
      if (enabled) disabled.delete(orgId)
      else disabled.add(orgId)
    },
    async close() {
      await app.close()
      await tokens.close()
    },
  }
}
