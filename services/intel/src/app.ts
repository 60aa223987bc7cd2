// Builds the intel (CTIA) service: the kit's instance plus the route plugins (the table of contents of this service).
import { randomUUID } from 'node:crypto'
import { buildService, RemoteJwks, type ControllableClock, type ServiceApp } from '@ctrmock/kit'
import { IROH_CORS_EXPOSED_HEADERS } from '@ctrmock/types'
import type { PrismaClient } from '@ctrmock/kit/db'
import { publicHost, type IntelConfig } from './config.ts'
import type { IntelContext } from './domain/context.ts'
import { CTIA_VERSION } from './domain/ctia-spec.ts'
import { createIntelStore } from './store/index.ts'
import { indexUnsearchable } from './domain/entity-search.ts'
import { intelAuth } from './routes/auth.ts'
import { installCtiaErrors } from './routes/ctia-errors.ts'
import { entityRoutes } from './routes/entities.ts'
import { observableRoutes } from './routes/observables.ts'
import { bundleRoutes } from './routes/bundles.ts'
import { bulkRoutes } from './routes/bulk.ts'
import { casebookRoutes } from './routes/casebooks.ts'
import { incidentRoutes } from './routes/incidents.ts'
import { feedbackRoutes } from './routes/feedback.ts'
import { eventRoutes } from './routes/events.ts'
import { familyLookupRoutes, feedViewRoutes } from './routes/family-lookups.ts'
import { longPathRoutes } from './routes/long-paths.ts'
import { graphqlRoutes } from './routes/graphql/route.ts'
import type { RegisteredOperation } from './routes/operation.ts'
import { publicInfoRoutes, serviceInfoRoutes } from './routes/service-info.ts'

export interface IntelDeps {
  prisma?: PrismaClient
  clock?: ControllableClock
  logger?: boolean
  /** Source of entity UUIDs (tests may make them predictable). */
  uuid?: () => string
}

export async function buildIntelApp(config: IntelConfig, deps: IntelDeps = {}): Promise<ServiceApp> {
  const { uuid, ...serviceDeps } = deps
  let store: ReturnType<typeof createIntelStore> | undefined
  const app = await buildService({
    service: 'intel', region: config.REGION, errorShape: 'iroh', databaseUrl: config.DATABASE_URL,
    logLevel: config.LOG_LEVEL, journalSize: config.JOURNAL_SIZE, ...serviceDeps, requestSlots: ['intelActor'],
    bodyLimit: 20 * 1_048_576,
    // CTIA's compojure context routes take `/ctia/judgement/` as without the slash, and its front end merges doubled ones.
    lenientPaths: true, cors: { allowOrigin: config.CORS_ALLOW_ORIGIN, exposedHeaders: IROH_CORS_EXPOSED_HEADERS },
    openapi: {
      title: `Private Intelligence (CTIA ${CTIA_VERSION}, ${config.REGION})`,
      description: 'ctrmock private intelligence: CTIM entities, search, verdicts, bundles, bulk, casebooks and incidents. '
        + 'Every /ctia route takes an access token issued by the CTR of the same region (scopes private-intel, private-intel:read, '
          + 'or one family\'s, e.g. private-intel/incident:read).',
    },
    // The intel service's orgs come from CTR's tokens, so /__mock/orgs has nothing to create here.
    hooks: { reset: async (org) => { await store?.reset(org) } },
  })
  store = createIntelStore(app.prisma)
  const ctx: IntelContext = { store, clock: app.clock, uuid: uuid ?? randomUUID, publicHost: publicHost(config), region: config.REGION }
  await indexUnsearchable(ctx)
  const jwks = new RemoteJwks(config.INTEL_TRUSTED_JWKS_URL)
  app.addHook('onClose', async () => { await jwks.close() })

  await app.register(async (open: ServiceApp) => {
    installCtiaErrors(open)
    await open.register(publicInfoRoutes, { ctx })
    await open.register(feedViewRoutes, { ctx })
  })
  // Every other /ctia route requires an access token of the paired CTR, checked before the body is read.
  await app.register(async (ctia: ServiceApp) => {
    installCtiaErrors(ctia)
    ctia.addHook('onRequest', intelAuth(jwks, app.clock))
    const operations: RegisteredOperation[] = []
    ctia.decorate('ctiaOperations', operations)
    await ctia.register(serviceInfoRoutes, { ctx })
    await ctia.register(entityRoutes, { ctx })
    await ctia.register(observableRoutes, { ctx })
    await ctia.register(bundleRoutes, { ctx })
    await ctia.register(bulkRoutes, { ctx })
    await ctia.register(casebookRoutes, { ctx })
    await ctia.register(incidentRoutes, { ctx })
    await ctia.register(feedbackRoutes, { ctx })
    await ctia.register(eventRoutes, { ctx })
    await ctia.register(familyLookupRoutes, { ctx })
    await ctia.register(graphqlRoutes, { ctx })
    longPathRoutes(ctia, operations)
  })
  return app
}
