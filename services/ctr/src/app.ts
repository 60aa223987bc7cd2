// Builds the CTR (IROH) service: the kit's instance plus CTR's route plugins (the table of contents of this service).
import { buildService, type ControllableClock, type ServiceApp } from '@ctrmock/kit'
import { IROH_CORS_EXPOSED_HEADERS } from '@ctrmock/types'
import type { PrismaClient } from '@ctrmock/kit/db'
import type { CtrConfig } from './config.ts'
import { createCtrWiring, type CtrWiring } from './wiring.ts'
import type { CtrRandom } from './domain/random.ts'
import { createOrg, ensureDefaultOrg, readOrgInput } from './domain/identity.ts'
import { withIrohAuth } from './routes/auth.ts'
import { oauth2Routes } from './routes/oauth2.ts'
import { profileRoutes } from './routes/profile.ts'
import { inspectRoutes } from './routes/inspect.ts'
import { moduleTypeRoutes } from './routes/module-types.ts'
import { moduleInstanceRoutes } from './routes/module-instances.ts'
import { enrichRoutes } from './routes/enrich.ts'
import { responseRoutes } from './routes/response.ts'
import { irohSseRoutes } from './routes/iroh-sse.ts'
import { notImplementedRoutes } from './routes/not-implemented.ts'
import { openidConfigurationRoutes } from './routes/openid-configuration.ts'
import { cloudsRoutes } from './routes/clouds.ts'
import { integrationRoutes } from './routes/integrations.ts'
import { moduleTypePatchRoutes } from './routes/module-type-patches.ts'
import { moduleInstanceWrapperRoutes } from './routes/module-instance-wrapper.ts'
import { enrichSightingRoutes } from './routes/enrich-sighting.ts'
import { irohSseDeviceRoutes } from './routes/iroh-sse-devices.ts'
import { userMgmtRoutes } from './routes/user-mgmt.ts'
import { oauth2AuthorizeRoutes } from './routes/oauth2-authorize.ts'
import { oauth2ClientRoutes } from './routes/oauth2-clients.ts'
import { irohAuthRoutes } from './routes/iroh-auth.ts'
import { privateIntelRoutes } from './routes/private-intel.ts'
import { feedbackRoutes } from './routes/feedback.ts'
import { irohEventRoutes } from './routes/iroh-events.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import { dashboardRoutes } from './routes/dashboard.ts'

export interface CtrDeps {
  prisma?: PrismaClient
  clock?: ControllableClock
  logger?: boolean
  /** Where ids and secrets come from (seeded in tests that must predict them). */
  random?: CtrRandom
}

declare module 'fastify' {
  interface FastifyInstance {
    /** CTR's key ring, caches and clients (tests and the CLI read the default org from it). */
    ctr: CtrWiring
  }
}

export async function buildCtrApp(config: CtrConfig, deps: CtrDeps = {}): Promise<ServiceApp> {
  const { random, ...serviceDeps } = deps
  // The wiring (store, key ring, default org) needs the kit's Prisma client and request-aware clock, so it is made
  // right after the instance; hooks only reach it once requests flow.
  let wiring: CtrWiring | undefined
  const ready = (): CtrWiring => {
    if (!wiring) throw new Error('CTR is still starting')
    return wiring
  }
  const app = await buildService({
    service: 'ctr', region: config.REGION, errorShape: 'iroh', databaseUrl: config.DATABASE_URL,
    logLevel: config.LOG_LEVEL, journalSize: config.JOURNAL_SIZE, ...serviceDeps,
    openapi: { title: `Cisco Threat Response — IROH (${config.REGION})`, description: 'ctrmock CTR: OAuth2, inspect, modules, enrich, response' },
    requestSlots: ['auth'],
    // Compojure's context routes take `/iroh/iroh-int/module-type/` as without the slash, and IROH's front end merges doubled ones.
    lenientPaths: true, cors: { allowOrigin: config.CORS_ALLOW_ORIGIN, exposedHeaders: IROH_CORS_EXPOSED_HEADERS },
    hooks: {
      async reset(org) {
        const ctr = ready()
        await ctr.ctx.store.reset(org)
        ctr.forget(org)
        // The configured default org and API client always exist.
        if (org === undefined || org === ctr.defaultOrgId) {
          ctr.defaultOrgId = (await ensureDefaultOrg(ctr.ctx.store.identity, ctr.ctx.random, app.clock.now(), config.CTRMOCK_CLIENT_ID, config.CTRMOCK_CLIENT_PASSWORD)).orgId
        }
      },
      async createOrg(input) {
        const ctr = ready()
        const created = await createOrg(ctr.ctx.store.identity, ctr.ctx.random, app.clock.now(), readOrgInput(input))
        const { orgId, orgName, clientId, clientPassword, scopes } = created
        return { orgId, orgName, clientId, clientPassword, scopes }
      },
    },
  })
  try {
    wiring = await createCtrWiring(config, app.prisma, app.clock, random, app.log)
  } catch (error) {
    await app.close()
    throw error
  }
  app.decorate('ctr', wiring)
  app.addHook('onClose', async () => wiring?.close())

  await app.register(oauth2Routes, { wiring })
  await app.register(openidConfigurationRoutes, { wiring })
  await app.register(cloudsRoutes, { wiring })
  await app.register(oauth2AuthorizeRoutes, { wiring })
  await app.register(irohAuthRoutes, { wiring })
  await app.register(notImplementedRoutes)
  await app.register(withIrohAuth(wiring, async (iroh) => {
    await iroh.register(profileRoutes, { wiring: wiring! })
    await iroh.register(inspectRoutes)
    await iroh.register(moduleTypeRoutes, { wiring: wiring! })
    await iroh.register(moduleInstanceRoutes, { wiring: wiring! })
    await iroh.register(enrichRoutes, { wiring: wiring! })
    await iroh.register(responseRoutes, { wiring: wiring! })
    await iroh.register(irohSseRoutes, { wiring: wiring! })
    await iroh.register(integrationRoutes, { wiring: wiring! })
    await iroh.register(moduleTypePatchRoutes, { wiring: wiring! })
    await iroh.register(moduleInstanceWrapperRoutes, { wiring: wiring! })
    await iroh.register(enrichSightingRoutes, { wiring: wiring! })
    await iroh.register(irohSseDeviceRoutes, { wiring: wiring! })
    await iroh.register(userMgmtRoutes, { wiring: wiring! })
    await iroh.register(oauth2ClientRoutes, { wiring: wiring! })
    await iroh.register(feedbackRoutes, { wiring: wiring! })
    await iroh.register(irohEventRoutes, { wiring: wiring! })
    await iroh.register(webhookRoutes, { wiring: wiring! })
    await iroh.register(dashboardRoutes, { wiring: wiring! })
    if (wiring!.intel) await iroh.register(privateIntelRoutes, { intel: wiring!.intel, ctx: wiring!.ctx })
  }))
  return app
}
