// iroh-sse beyond listing devices, as Cisco's SDK calls it (tr.sse_device.patch / token / api_proxy, tr.sse_tenant.get_token):
// each is the paired SSE's own operation, made with CTR's token for the org.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Device, DeviceProxyRequest, DeviceProxyResponse, TokenExpiration } from '@ctrmock/types'
import { deviceNotFound } from '../domain/errors.ts'
import { reusableToken } from '../domain/tenant-token.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { viaSse } from './iroh-sse.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['sse']
const DeviceParams = Type.Object({ device_id: Type.String({ minLength: 1, maxLength: 200 }) })
const TenantToken = Type.Object({ token: Type.String(), expires_at: Type.String({ format: 'date-time' }) })

export async function irohSseDeviceRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404, 502, 504) }
  /** A device the org offers to Threat Response; others are unknown here, as in the device list. */
  const visibleDevice = async (orgId: string, deviceId: string) => {
    const device = (await viaSse(() => wiring.sse.threatResponseDevices(orgId))).find((d) => d.id === deviceId)
    if (!device) throw deviceNotFound(deviceId)
    return device
  }

  app.patch('/iroh/iroh-sse/device/:device_id', {
    config: { scope: REQUIRED_SCOPES.sseWrite },
    schema: { tags: TAG, summary: 'Changes a device\'s description in SSE', params: DeviceParams, body: Type.Object({ description: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }), response: { 200: Device, ...errors } },
  }, async (request) => {
    const { orgId } = request.auth!
    await visibleDevice(orgId, request.params.device_id)
    const updated = await viaSse(() => wiring.sse.updateDevice(orgId, request.params.device_id, request.body.description))
    if (!updated) throw deviceNotFound(request.params.device_id)
    return updated
  })

  app.post('/iroh/iroh-sse/device/:device_id/api-proxy', {
    config: { scope: REQUIRED_SCOPES.sseWrite },
    schema: { tags: TAG, summary: 'A call to the device\'s API through SSE\'s device proxy; the device\'s status and body', params: DeviceParams, body: DeviceProxyRequest, response: { 200: DeviceProxyResponse, ...errors } },
  }, async (request) => {
    const { orgId } = request.auth!
    await visibleDevice(orgId, request.params.device_id)
    return viaSse(() => wiring.sse.proxy(orgId, request.params.device_id, request.body, wiring.config.MODULE_TIMEOUT_MS))
  })

  // The SDK's token and re_token: a registration token to (re-)register this device, from the org's SSE.
  app.post('/iroh/iroh-sse/device/:device_id/token', {
    config: { scope: REQUIRED_SCOPES.sseWrite },
    schema: { tags: TAG, summary: 'A registration token to re-register the device', params: DeviceParams, body: Type.Optional(Type.Object({ expiration: Type.Optional(TokenExpiration) })), response: { 200: TenantToken, ...errors } },
  }, async (request) => {
    const { orgId } = request.auth!
    await visibleDevice(orgId, request.params.device_id)
    const token = await viaSse(() => wiring.sse.registrationToken(orgId, request.body?.expiration ?? '1h'))
    return { token: token.token, expires_at: token.expiresAt }
  })

  app.get('/iroh/iroh-sse/tenant/token', {
    config: { scope: REQUIRED_SCOPES.sseWrite },
    schema: { tags: TAG, summary: 'A registration token for a new device of the org: an unused one while valid, else a new one (expiration: always new)', querystring: Type.Object({ expiration: Type.Optional(TokenExpiration) }), response: { 200: TenantToken, ...errors } },
  }, async (request) => {
    const { orgId } = request.auth!
    const unused = request.query.expiration ? [] : await viaSse(() => wiring.sse.unusedRegistrationTokens(orgId))
    const token = reusableToken(unused, wiring.clock.now(orgId)) ?? await viaSse(() => wiring.sse.registrationToken(orgId, request.query.expiration ?? '1h'))
    return { token: token.token, expires_at: token.expiresAt }
  })
}
