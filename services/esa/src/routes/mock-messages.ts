// POST /__mock/messages: tracked messages loaded in bulk for tests and benchmarks (10k in one call).
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { TrackedMessageLoad, TrackedMessageLoadResult } from '@ctrmock/types'
import { loadTrackedMessages } from '../domain/appliance-provisioning.ts'
import type { EsaWiring } from '../wiring.ts'

export async function mockMessageRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post('/__mock/messages', {
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags: ['control plane'], summary: 'Load tracked messages in bulk (tests and benchmarks)',
      body: TrackedMessageLoad, response: { 201: TrackedMessageLoadResult },
    },
  }, async (request, reply) => {
    const result = await loadTrackedMessages(wiring.store, wiring.serviceClock, request.body)
    const appliance = await wiring.store.appliances.get(result.applianceId)
    if (appliance) request.org = appliance.orgId
    return reply.code(201).send(result)
  })
}
