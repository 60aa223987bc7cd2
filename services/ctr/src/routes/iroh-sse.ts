// /iroh/iroh-sse/device: the org's SSE devices as CTR sees them — the ones the paired SSE offers to Threat Response
// (registered, and Cisco Threat Response enabled under SSE Cloud Services; none while it is disabled: the tech note's
// "ESA does not show in CTR").
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Device, DEVICE_TYPES } from '@ctrmock/types'
import { SseCallError } from '../clients/sse.ts'
import { deviceNotFound, sseFailed } from '../domain/errors.ts'
import { findDevice, searchDevices } from '../domain/iroh-sse.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['sse']
const DeviceParams = Type.Object({ device_id: Type.String({ minLength: 1, maxLength: 200 }) })
const ListQuery = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 200 })),
  type: Type.Optional(Type.Union(DEVICE_TYPES.map((t) => Type.Literal(t)))),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})

async function viaSse<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof SseCallError) throw sseFailed(error.message, error.status === 504)
    throw error
  }
}

export async function irohSseRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 502, 504) }
  const visible = (orgId: string) => viaSse(() => wiring.sse.threatResponseDevices(orgId))

  app.get('/iroh/iroh-sse/device', {
    config: { scope: REQUIRED_SCOPES.sseRead },
    schema: { tags: TAG, summary: 'Devices of the org in Security Services Exchange', querystring: ListQuery, response: { 200: Type.Array(Device), ...errors } },
  }, async (request) => searchDevices(await visible(request.auth!.orgId), request.query))

  app.get('/iroh/iroh-sse/device/:device_id', {
    config: { scope: REQUIRED_SCOPES.sseRead },
    schema: { tags: TAG, summary: 'One device', params: DeviceParams, response: { 200: Device, ...errors, ...errorResponses(404) } },
  }, async (request) => findDevice(await visible(request.auth!.orgId), request.params.device_id))

  // 200 with the removed device: Cisco's SDK parses the answer of this DELETE as JSON.
  app.delete('/iroh/iroh-sse/device/:device_id', {
    config: { scope: REQUIRED_SCOPES.sseWrite },
    schema: { tags: TAG, summary: 'Removes a device from Security Services Exchange (answers the removed device)', params: DeviceParams, response: { 200: Device, ...errors, ...errorResponses(404) } },
  }, async (request) => {
    const { orgId } = request.auth!
    const device = findDevice(await visible(orgId), request.params.device_id)
    if (!(await viaSse(() => wiring.sse.deleteDevice(orgId, device.id)))) throw deviceNotFound(device.id)
    return device
  })
}
