// The device endpoint SSE's proxy calls for CTR: <callbackUrl>/messages/search, where the callback URL the appliance
// registered is <PUBLIC_URL>/sse/v1/appliances/<applianceId>. Only SSE, signing with this device's secret, gets in.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { DeviceMessageSearch, DeviceMessageSearchResult } from '@ctrmock/types'
import { verifySseCall } from '../domain/device-auth.ts'
import { deviceSearchCriteria } from '../domain/device-search.ts'
import { toTrackedMessage } from '../domain/tracked-messages.ts'
import { notFound } from '../domain/errors.ts'
import type { EsaWiring } from '../wiring.ts'

export const callbackPath = (applianceId: string) => `/sse/v1/appliances/${encodeURIComponent(applianceId)}`

export async function deviceRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/sse/v1/appliances/:applianceId/messages/search', {
    schema: {
      tags: ['SSE device endpoint'],
      summary: 'Tracked messages matching any observable in a time window, newest first (SSE device proxy → CTR)',
      params: Type.Object({ applianceId: Type.String({ minLength: 1, maxLength: 100 }) }),
      headers: Type.Object({ authorization: Type.Optional(Type.String({ description: 'Bearer <HS256 JWT from SSE>' })) }),
      body: DeviceMessageSearch,
      response: { 200: DeviceMessageSearchResult },
    },
  }, async (request) => {
    const { applianceId } = request.params
    const { appliance, credentials } = await wiring.store.appliances.withDeviceCredentials(applianceId) ?? {}
    if (!appliance || !credentials) throw notFound(`No appliance ${applianceId} on this agent.`)
    request.org = appliance.orgId
    verifySseCall(credentials, request.headers.authorization, wiring.serviceClock.now())
    const records = await wiring.store.trackedMessages.deviceSearch(deviceSearchCriteria(appliance.id, request.body))
    return { messages: records.map((m) => toTrackedMessage(m, appliance)) }
  })
}
