// /iroh/iroh-dashboard: SecureX's dashboard tiles, from the org's enabled relay modules that declare a dashboard
// (`tiles`, `tiles/tile-data` in their supported APIs), and one tile's data for a period.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { EnrichError } from '@ctrmock/types'
import { dashboardTiles, tileData, tilePeriod } from '../domain/dashboard.ts'
import { oneModule } from '../domain/module-instances.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { askEnabled, askOne } from '../module-adapters/index.ts'
import type { CtrWiring } from '../wiring.ts'
import { baseUrl } from './base-url.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['dashboard']
// Tiles and their data are the modules' own documents, passed on with every field they have.
const Tile = Type.Object({ id: Type.String(), module: Type.String(), module_instance_id: Type.String(), data_url: Type.String() }, { additionalProperties: true })
const TilesResponse = Type.Object({ data: Type.Array(Tile), errors: Type.Array(EnrichError) })
const TileDataResponse = Type.Object({ data: Type.Unknown(), errors: Type.Array(EnrichError) })
const TileParams = Type.Object({ module_instance_id: Type.String({ minLength: 1, maxLength: 200 }), tile_id: Type.String({ minLength: 1, maxLength: 500 }) })
const TileQuery = Type.Object({ period: Type.Optional(Type.String({ maxLength: 100 })) })

export async function dashboardRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const adapters = (request: FastifyRequest) => wiring.adapterContext(baseUrl(request, wiring.config.PUBLIC_URL))
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }

  app.get('/iroh/iroh-dashboard/tiles', {
    config: { scope: REQUIRED_SCOPES.dashboard },
    schema: { tags: TAG, summary: 'Every tile the org\'s modules offer, with its data_url', response: { 200: TilesResponse, ...errors } },
  }, async (request) => dashboardTiles(await askEnabled(adapters(request), request.auth!.orgId, 'tiles', {})))

  app.get('/iroh/iroh-dashboard/tiles/:module_instance_id/:tile_id/data', {
    config: { scope: REQUIRED_SCOPES.dashboard },
    schema: { tags: TAG, summary: 'One tile\'s data for a period, as its module sent it', params: TileParams, querystring: TileQuery, response: { 200: TileDataResponse, ...errors } },
  }, async (request) => {
    const { module_instance_id: instanceId, tile_id: tileId } = request.params
    const period = tilePeriod(request.query.period)
    const module = await oneModule(wiring.ctx, request.auth!.orgId, instanceId, true)
    return tileData(module.ref, tileId, await askOne(module, 'tiles/tile-data', { tile: { tileId, period } }, adapters(request)))
  })
}
