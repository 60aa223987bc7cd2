// GET /clouds.json, unauthenticated as on visibility.amp.cisco.com: where each region's IROH services are.
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import { clouds } from '../domain/clouds.ts'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'

const Clouds = Type.Record(Type.String(), Type.Object({ 'iroh-services': Type.String() }))

export async function cloudsRoutes(app: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  app.get('/clouds.json', { schema: { tags: ['oauth2'], summary: 'The regions and the base URL of their IROH services', response: { 200: Clouds } } },
    async (request) => clouds({ region: wiring.config.REGION, url: baseUrl(request, wiring.config.PUBLIC_URL) }, wiring.regionUrls))
}
