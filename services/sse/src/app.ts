// Builds the SSE service: the kit's instance plus SSE's route plugins (the table of contents of this service).
import { randomBytes, randomUUID } from 'node:crypto'
import { buildService, RemoteJwks, type ControllableClock, type ServiceApp } from '@ctrmock/kit'
import type { PrismaClient } from '@ctrmock/kit/db'
import type { SseConfig } from './config.ts'
import type { SseContext } from './domain/context.ts'
import type { SseRandom } from './domain/random.ts'
import { createSseStore } from './store/index.ts'
import { DeviceClients } from './clients/device-client.ts'
import { adminAuth } from './routes/admin-auth.ts'
import { registrationTokenRoutes } from './routes/registration-tokens.ts'
import { deviceRoutes } from './routes/devices.ts'
import { cloudServiceRoutes } from './routes/cloud-services.ts'
import { eventRoutes } from './routes/events.ts'
import { threatResponseRoutes } from './routes/threat-response.ts'
import { deviceRegistrationRoutes } from './routes/device-registration.ts'

/** Randomness for everything a caller must not guess. */
export const cryptoRandom: SseRandom = {
  token: () => randomBytes(16).toString('hex'),
  secret: () => randomBytes(32).toString('base64url'),
  id: () => randomUUID(),
}

export interface SseDeps {
  prisma?: PrismaClient
  clock?: ControllableClock
  logger?: boolean
  random?: SseRandom
}

export async function buildSseApp(config: SseConfig, deps: SseDeps = {}): Promise<ServiceApp> {
  const { random, ...serviceDeps } = deps
  // The store needs the app's Prisma client, which exists only once the service is built: hooks reach it lazily.
  let store: ReturnType<typeof createSseStore> | undefined
  const app = await buildService({
    service: 'sse', region: config.REGION, errorShape: 'iroh', databaseUrl: config.DATABASE_URL,
    logLevel: config.LOG_LEVEL, journalSize: config.JOURNAL_SIZE, ...serviceDeps, requestSlots: ['device', 'actor'],
    openapi: {
      title: `Security Services Exchange (${config.REGION})`,
      description: 'ctrmock SSE: registration tokens, devices, cloud services, events, audit log, device proxy. '
        + 'Portal routes (/api/v1) take access tokens issued by the paired CTR; device routes (/device/v1) take device credentials.',
    },
    // SSE's orgs come from CTR's tokens, so /__mock/orgs has nothing to create here (501).
    hooks: { reset: async (org) => { await store?.reset(org) } },
  })
  store = createSseStore(app.prisma)
  const ctx: SseContext = {
    store, clock: app.clock, random: random ?? cryptoRandom, region: config.REGION,
    heartbeatIntervalSeconds: config.HEARTBEAT_INTERVAL_SECONDS,
  }
  const jwks = new RemoteJwks(config.SSE_TRUSTED_JWKS_URL)
  const deviceClients = new DeviceClients(config.DEVICE_PROXY_TIMEOUT_MS)
  app.addHook('onClose', async () => {
    await Promise.all([jwks.close(), deviceClients.close()])
  })

  // Portal (admin) API: every route below requires a CTR-issued access token, checked before the body is read.
  await app.register(async (admin: ServiceApp) => {
    admin.addHook('onRequest', adminAuth(jwks, app.clock))
    await admin.register(registrationTokenRoutes, { ctx })
    await admin.register(deviceRoutes, { ctx })
    await admin.register(cloudServiceRoutes, { ctx })
    await admin.register(eventRoutes, { ctx })
    await admin.register(threatResponseRoutes, { ctx, deviceClients })
  })
  // Device-facing API: registration with a token, then device credentials.
  await app.register(deviceRegistrationRoutes, { ctx })
  return app
}
