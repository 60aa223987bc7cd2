// /iroh/iroh-sse/device: the org's SSE devices as CTR sees them — the ones the paired SSE offers to Threat Response
// (registered, and Cisco Threat Response enabled under SSE Cloud Services; none while it is disabled: the tech note's
// "ESA does not show in CTR").
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { DomainError } from '@ctrmock/kit'
import { Device, DEVICE_TYPES } from '@ctrmock/types'
import { SseCallError } from '../clients/sse.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrRuntime } from '../runtime.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['sse']
const DeviceParams = Type.Object({ device_id: Type.String({ minLength: 1, maxLength: 200 }) })
const ListQuery = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 200 })),
  type: Type.Optional(Type.Union(DEVICE_TYPES.map((t) => Type.Literal(t)))),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})

export async function viaSse<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof SseCallError) throw new DomainError(error.status === 504 ? 'gateway_timeout' : 'bad_gateway', error.message, error.status === 504 ? 504 : 502)
    throw error
  }
}

export async function irohSseRoutes(fastify: FastifyInstance, { runtime }: { runtime: CtrRuntime }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 502, 504) }
  const visible = (orgId: string) => viaSse(() => runtime.sse.threatResponseDevices(orgId))

  app.get('/iroh/iroh-sse/device', {
    config: { scope: REQUIRED_SCOPES.sseRead },
    schema: { tags: TAG, summary: 'Devices of the org in Security Services Exchange', querystring: ListQuery, response: { 200: Type.Array(Device), ...errors } },
  }, async (request) => {
    const { search, type, offset = 0, limit = 100 } = request.query
    const text = search?.toLowerCase()
    const devices = (await visible(request.auth!.orgId)).filter((d) => (!type || d.type === type)
      && (!text || [d.name, d.description, d.serialNumber, d.ip].some((field) => field.toLowerCase().includes(text))))
    return devices.slice(offset, offset + limit)
  })

  app.get('/iroh/iroh-sse/device/:device_id', {
    config: { scope: REQUIRED_SCOPES.sseRead },
    schema: { tags: TAG, summary: 'One device', params: DeviceParams, response: { 200: Device, ...errors, ...errorResponses(404) } },
  }, async (request) => {
    const device = (await visible(request.auth!.orgId)).find((d) => d.id === request.params.device_id)
    if (!device) throw new DomainError('not_found', `Device ${request.params.device_id} not found`, 404)
    return device
  })

  // 200 with the removed device: Cisco's SDK parses the answer of this DELETE as JSON.
  app.delete('/iroh/iroh-sse/device/:device_id', {
    config: { scope: REQUIRED_SCOPES.sseWrite },
    schema: { tags: TAG, summary: 'Removes a device from Security Services Exchange (answers the removed device)', params: DeviceParams, response: { 200: Device, ...errors, ...errorResponses(404) } },
  }, async (request) => {
    const { orgId } = request.auth!
    const notFound = () => new DomainError('not_found', `Device ${request.params.device_id} not found`, 404)
    const device = (await visible(orgId)).find((d) => d.id === request.params.device_id)
    if (!device) throw notFound()
    if (!(await viaSse(() => runtime.sse.deleteDevice(orgId, request.params.device_id)))) throw notFound()
    return device
  })
}
