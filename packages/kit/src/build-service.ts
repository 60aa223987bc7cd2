// The one way to build a ctrmock service. server.ts and the tests both call it, so tests run the same instance.
import Fastify, { type FastifyInstance, type FastifyServerOptions, type FastifyRequest, type FastifyBaseLogger, type RawServerDefault, type RawRequestDefaultExpression, type RawReplyDefaultExpression } from 'fastify'
import cors from '@fastify/cors'
import formbody from '@fastify/formbody'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { LoggerOptions } from 'pino'
import { nanoid } from 'nanoid'
import { ControllableClock } from './clock.ts'
import { clientErrorHandler, installErrorHandlers, sendError } from './errors/handlers.ts'
import { DISK_PROBE, diskCheck } from './errors/disk-full.ts'
import { installInputGuards } from './input-guard.ts'
import type { ErrorShape } from './errors/envelopes.ts'
import { loggerOptions } from './logger.ts'
import { Journal, type JournalFault, type JournalRecord } from './control-plane/journal.ts'
import { ControlPlaneStore } from './control-plane/state-store.ts'
import { controlPlane, type ControlPlaneHooks } from './control-plane/plugin.ts'
import { faultHook } from './control-plane/faults/hook.ts'
import { orgFromRequest } from './org.ts'
import { createPrismaClient, type PrismaClient } from './db/index.ts'
import { lazySchemaCompilers } from './lazy-schema-compilers.ts'
import kitPackage from '../package.json' with { type: 'json' }

declare module 'fastify' {
  interface FastifyRequest {
    /** The org the request acts for, once known (used by faults, the journal and isolation). */
    org?: string
    firedFault?: JournalFault
    /** A domain note for the journal, e.g. the real reason a registration failed. */
    journalNote?: string
  }
  interface FastifyInstance {
    clock: ControllableClock
    prisma: PrismaClient
    journal: Journal
    controlPlane: ControlPlaneStore
    serviceName: string
    region?: string
  }
}

export type ServiceApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>

export interface ServiceDefinition {
  service: string
  region?: string
  version?: string
  errorShape: ErrorShape
  databaseUrl: string
  /** Reuse a client (tests); otherwise one is created and closed with the app. */
  prisma?: PrismaClient
  logger?: boolean | LoggerOptions
  logLevel?: string
  journalSize?: number
  bodyLimit?: number
  openapi?: { title: string; description: string }
  hooks?: ControlPlaneHooks
  /** Extra readiness checks besides the database and the listening socket. */
  readyChecks?: Record<string, () => Promise<boolean | string> | boolean | string>
  /** Cheap, unverified org lookup for fault matching and the journal; auth hooks may refine request.org. */
  identifyOrg?: (request: FastifyRequest) => string | undefined
  clock?: ControllableClock
  /** Request properties the service's hooks set (e.g. the verified token), declared through decorateRequest. */
  requestSlots?: string[]
  /** A path with a trailing slash, or doubled slashes, finds the route written without (Cisco's IROH and CTIA answer both). */
  lenientPaths?: boolean
  /** Browser apps on the origins the regex matches may call the service across origins (CTIA's wrap-cors). */
  cors?: { allowOrigin: string; exposedHeaders: string[] }
}

/** ctrmock's release, which /__mock/health reports: every package of the workspace carries the same one. */
export const VERSION: string = kitPackage.version

export async function buildService(def: ServiceDefinition): Promise<ServiceApp> {
  const app = Fastify({
    logger: def.logger === undefined ? loggerOptions(def.logLevel) : def.logger,
    bodyLimit: def.bodyLimit ?? 1_048_576,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : nanoid(16)
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: def.lenientPaths ?? false, ignoreDuplicateSlashes: def.lenientPaths ?? false },
    forceCloseConnections: true,
    return503OnClosing: true,
    // allowUnionTypes: a `type` list (CTR's module settings) is how a coerced value keeps the type it was sent with.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false, allowUnionTypes: true } },
    // Errors Fastify raises before routing (a malformed URL encoding) still leave in the vendor shape.
    frameworkErrors: (error, request, reply) => {
      void sendError(request, reply, def.errorShape, { status: 400, code: 'invalid_request', message: error.code === 'FST_ERR_BAD_URL' ? 'The URL is not validly encoded.' : error.message })
    },
    clientErrorHandler: clientErrorHandler(def.errorShape),
    // Validators and serializers compile on a route's first call (lazy-schema-compilers.ts says why).
    schemaController: { compilersFactory: lazySchemaCompilers() as NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'] },
  }).withTypeProvider<TypeBoxTypeProvider>()

  const ownsPrisma = !def.prisma
  const prisma = def.prisma ?? createPrismaClient(def.databaseUrl)
  const clock = def.clock ?? new ControllableClock()
  const journal = new Journal(def.journalSize ?? 1000, { service: def.service, region: def.region })
  const store = new ControlPlaneStore(prisma, def.databaseUrl)
  await store.start((service, orgs) => {
    clock.set(service)
    clock.setOrgs(orgs)
  })

  app.decorate('clock', clock)
  app.decorate('prisma', prisma)
  app.decorate('journal', journal)
  app.decorate('controlPlane', store)
  app.decorate('serviceName', def.service)
  app.decorate('region', def.region)
  app.addHook('onClose', async () => {
    await store.close()
    if (ownsPrisma) await prisma.$disconnect()
  })

  // Request properties are declared with decorateRequest, as Fastify asks, before any plugin registers (a child
  // context copies its parent's declarations when it is made).
  for (const slot of ['org', 'firedFault', 'journalNote', ...(def.requestSlots ?? [])]) app.decorateRequest(slot, undefined)
  installErrorHandlers(app, def.errorShape)
  installInputGuards(app)
  await app.register(formbody)
  if (def.cors) {
    await app.register(cors, {
      origin: new RegExp(`^(?:${def.cors.allowOrigin})$`),
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], exposedHeaders: def.cors.exposedHeaders,
    })
  }
  await app.register(swagger, {
    openapi: {
      info: { title: def.openapi?.title ?? `ctrmock ${def.service}`, description: def.openapi?.description ?? '', version: def.version ?? VERSION },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/documentation' })

  const identifyOrg = def.identifyOrg ?? orgFromRequest
  // request.org names the org whose time applies: code reading the clock for a request passes it explicitly.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    request.org = identifyOrg(request)
    done()
  })
  app.addHook('onRequest', faultHook({
    store, journal, region: def.region, errorShape: def.errorShape, clock,
  }))
  app.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith('/__mock/') && !request.url.startsWith('/documentation')) {
      const record: JournalRecord = {
        at: clock.now(request.org), method: request.method, url: request.url,
        status: reply.statusCode, org: request.org, durationMs: Math.round(reply.elapsedTime * 10) / 10,
      }
      if (request.firedFault) record.fault = request.firedFault
      if (request.journalNote) record.note = request.journalNote
      journal.add(record)
    }
    done()
  })

  let listening = false
  app.addHook('onListen', async () => { listening = true })
  await app.register(controlPlane, {
    service: def.service, region: def.region, version: def.version ?? VERSION, clock, store, journal,
    hooks: def.hooks ?? {},
    readyChecks: {
      database: async () => {
        await Promise.race([prisma.$queryRaw`SELECT 1`, new Promise((_, reject) => setTimeout(() => reject(new Error('no answer from the database within 1 s')), 1_000).unref())])
        return true
      },
      disk: () => diskCheck(app, () => prisma.$executeRawUnsafe(DISK_PROBE)),
      listening: () => listening,
      ...def.readyChecks,
    },
  })
  return app
}
