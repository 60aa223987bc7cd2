// GET /esa/api/v2.0/health: the appliance's system health, which monitoring plugins poll and SOAR apps call to test
// their connection.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { SystemHealthResponse } from '@ctrmock/types'
import { systemHealth } from '../domain/system-health.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth } from './auth.ts'

export async function systemHealthRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))
  app.get('/esa/api/v2.0/health', {
    schema: { tags: ['AsyncOS API'], summary: "The appliance's CPU, memory, queue and quarantine figures", response: { 200: SystemHealthResponse } },
  }, async () => ({ data: systemHealth(await wiring.readMachine()) }))
}
