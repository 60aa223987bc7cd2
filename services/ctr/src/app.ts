// Builds the CTR (IROH) service: the kit's instance plus CTR's route plugins (the table of contents of this service).
import { buildService, orgFromRequest, type ControllableClock, type ServiceApp } from '@ctrmock/kit'
import type { PrismaClient } from '@ctrmock/kit/db'
import type { CtrConfig } from './config.ts'
import { createCtrRuntime, type CtrRuntime } from './runtime.ts'
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
import { mockIntelRoutes } from './routes/mock-intel.ts'
import { notImplementedRoutes } from './routes/not-implemented.ts'
import { openidConfigurationRoutes } from './routes/openid-configuration.ts'
import { integrationRoutes } from './routes/integrations.ts'
import { moduleTypePatchRoutes } from './routes/module-type-patches.ts'
import { moduleInstanceWrapperRoutes } from './routes/module-instance-wrapper.ts'
import { enrichSightingRoutes } from './routes/enrich-sighting.ts'
import { irohSseDeviceRoutes } from './routes/iroh-sse-devices.ts'
import { userMgmtRoutes } from './routes/user-mgmt.ts'

export interface CtrDeps {
  prisma?: PrismaClient
  clock?: ControllableClock
  logger?: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    /** CTR's key ring, caches and clients (tests and the CLI read the default org from it). */
    ctr: CtrRuntime
  }
}

export async function buildCtrApp(config: CtrConfig, deps: CtrDeps = {}): Promise<ServiceApp> {
  // The runtime (store, key ring, default org) needs the kit's Prisma client and request-aware clock, so it is made
  // right after the instance; hooks only reach it once requests flow.
  let runtime: CtrRuntime | undefined
  const ready = (): CtrRuntime => {
    if (!runtime) throw new Error('CTR is still starting')
    return runtime
  }
  const app = await buildService({
    service: 'ctr', region: config.REGION, errorShape: 'iroh', databaseUrl: config.DATABASE_URL,
    logLevel: config.LOG_LEVEL, journalSize: config.JOURNAL_SIZE,
    ...(deps.prisma ? { prisma: deps.prisma } : {}), ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
    openapi: { title: `Cisco Threat Response — IROH (${config.REGION})`, description: 'ctrmock CTR: OAuth2, inspect, modules, enrich, response' },
    requestSlots: ['auth', 'peekedToken'],
    // A token this process verified already names its org without decoding it again.
    identifyOrg: (request) => {
      const header = request.headers.authorization
      const cached = runtime && typeof header === 'string' && header.startsWith('Bearer ') ? runtime.keys.peek(header.slice(7)) : undefined
      if (cached) request.peekedToken = cached
      return cached?.orgId ?? orgFromRequest(request)
    },
    hooks: {
      async reset(org) {
        const ctr = ready()
        await ctr.store.reset(org)
        ctr.forget(org)
        // The configured default org and API client always exist.
        if (org === undefined || org === ctr.defaultOrgId) {
          ctr.defaultOrgId = (await ensureDefaultOrg(ctr.store.identity, app.clock.now(), config.CTRMOCK_CLIENT_ID, config.CTRMOCK_CLIENT_PASSWORD)).orgId
        }
      },
      async createOrg(input) {
        const ctr = ready()
        const created = await createOrg(ctr.store.identity, app.clock.now(), readOrgInput(input))
        ctr.knownOrgs.forget(created.orgId)
        const { orgId, orgName, clientId, clientPassword, scopes } = created
        return { orgId, orgName, clientId, clientPassword, scopes }
      },
    },
  })
  try {
    runtime = await createCtrRuntime(config, app.prisma, app.clock)
  } catch (error) {
    await app.close()
    throw error
  }
  app.decorate('ctr', runtime)
  app.addHook('onClose', async () => runtime?.close())

  await app.register(oauth2Routes, { runtime })
  await app.register(openidConfigurationRoutes, { runtime })
  await app.register(mockIntelRoutes, { runtime })
  await app.register(notImplementedRoutes)
  await app.register(withIrohAuth(runtime, async (iroh) => {
    await iroh.register(profileRoutes, { runtime: runtime! })
    await iroh.register(inspectRoutes)
    await iroh.register(moduleTypeRoutes, { runtime: runtime! })
    await iroh.register(moduleInstanceRoutes, { runtime: runtime! })
    await iroh.register(enrichRoutes, { runtime: runtime! })
    await iroh.register(responseRoutes, { runtime: runtime! })
    await iroh.register(irohSseRoutes, { runtime: runtime! })
    await iroh.register(integrationRoutes, { runtime: runtime! })
    await iroh.register(moduleTypePatchRoutes, { runtime: runtime! })
    await iroh.register(moduleInstanceWrapperRoutes, { runtime: runtime! })
    await iroh.register(enrichSightingRoutes, { runtime: runtime! })
    await iroh.register(irohSseDeviceRoutes, { runtime: runtime! })
    await iroh.register(userMgmtRoutes, { runtime: runtime! })
  }))
  return app
}
