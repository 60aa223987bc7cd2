// Builds the ESA agent: the kit's instance, the appliance's route plugins, the registration runner and the SMTP
// listener. Callers need two steps only: build, then listen — the SMTP listener starts when the app listens
// (await app.smtp.started for its port) and closes with the app.
import { buildService, decodeJwtPayload, orgFromRequest, readTlsFiles, type ControllableClock, type ServiceApp } from '@ctrmock/kit'
import type { PrismaClient } from '@ctrmock/kit/db'
import type { FastifyRequest } from 'fastify'
import type { EsaConfig } from './config.ts'
import { cryptoRandom, type EsaWiring } from './wiring.ts'
import { createEsaStore } from './store/index.ts'
import { SseClients } from './clients/sse.ts'
import { CloudRegistrationRunner } from './runners/cloud-registration.ts'
import { SmtpIntake } from './smtp/intake.ts'
import { esaHooks } from './control-plane.ts'
import { defaultAppliance } from './domain/appliance-provisioning.ts'
import { DEFAULT_APPLIANCE_ID } from './domain/appliances.ts'
import { APPLIANCE } from './routes/auth.ts'
import { rejectNulCharacters } from './routes/text-guard.ts'
import { loginRoutes } from './routes/login.ts'
import { messageTrackingRoutes } from './routes/message-tracking.ts'
import { cloudServiceSettingsRoutes } from './routes/cloud-service-settings.ts'
import { deviceRoutes, callbackPath } from './routes/device.ts'
import { mockMessageRoutes } from './routes/mock-messages.ts'
import { safelistBlocklistRoutes } from './routes/safelist-blocklist.ts'
import { spamQuarantineRoutes } from './routes/spam-quarantine.ts'
import { reportingRoutes } from './routes/reporting.ts'
import { dictionaryRoutes } from './routes/dictionaries.ts'
import { urlAndFileHashListRoutes } from './routes/url-file-hash-lists.ts'
import { messageFilterRoutes } from './routes/message-filters.ts'
import { systemHealthRoutes } from './routes/system-health.ts'
import { incomingMailPolicyRoutes } from './routes/incoming-mail-policies.ts'
import { readHostDisk, readHostMachine } from './machine.ts'
import type { MachineReadings } from './domain/system-health.ts'
import type { DiskReadings } from './domain/xml-status.ts'
import { xmlStatusRoutes } from './routes/xml-status.ts'

export interface EsaDeps {
  prisma?: PrismaClient
  clock?: ControllableClock
  logger?: boolean
  /** The machine figures system health reports (tests pin them); the host's by default. */
  readMachine?: () => Promise<MachineReadings>
  /** The disk figures the XML status page reports (tests pin them); the host's by default. */
  readDisk?: () => Promise<DiskReadings>
}

export interface SmtpListener {
  /** Resolves with the SMTP port once the listener is up (after the app listens); rejects if it cannot bind. */
  readonly started: Promise<number>
  readonly port: number | undefined
}

export type EsaApp = ServiceApp & { smtp: SmtpListener; esa: EsaWiring }

// Faults and the journal see the org before authentication: a jwtToken names it; Basic auth is resolved later.
function identifyOrg(request: FastifyRequest): string | undefined {
  const jwt = request.headers.jwttoken
  const claimed = typeof jwt === 'string' ? decodeJwtPayload(jwt)?.org : undefined
  return typeof claimed === 'string' ? claimed : orgFromRequest(request)
}

export async function buildEsaApp(config: EsaConfig, deps: EsaDeps = {}): Promise<EsaApp> {
  let wiring: EsaWiring | undefined
  let smtp: SmtpIntake | undefined
  const { readMachine = readHostMachine, readDisk = () => readHostDisk(), ...serviceDeps } = deps
  const app = await buildService({
    service: 'esa', errorShape: 'asyncos', databaseUrl: config.DATABASE_URL,
    logLevel: config.LOG_LEVEL, journalSize: config.JOURNAL_SIZE, ...serviceDeps, requestSlots: [APPLIANCE],
    openapi: { title: 'Email Security Appliance (AsyncOS)', description: 'ctrmock ESA agent: Cloud Service Settings, message tracking, the Spam Quarantine, SMTP intake, the SSE device endpoint' },
    hooks: esaHooks(() => wiring!),
    identifyOrg,
    readyChecks: { smtp: () => smtp?.port !== undefined },
  })

  const publicUrl = () => {
    if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/$/, '')
    const address = app.server.address()
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST
    return `http://${host}:${typeof address === 'object' && address ? address.port : config.PORT}`
  }
  const store = createEsaStore(app.prisma, () => app.clock.now())
  const sse = new SseClients({ AMERICAS: config.SSE_AMERICAS_URL, EUROPE: config.SSE_EUROPE_URL, APJC: config.SSE_APJC_URL }, config.SSE_TIMEOUT_MS)
  // An org id is never '' (control-plane org scopes are non-empty), so this reads the service's own time.
  const serviceClock = { now: () => app.clock.serviceNow() }
  const clockOf = (orgId: string) => ({ now: () => app.clock.now(orgId) })
  const runner = new CloudRegistrationRunner({
    store, clockOf, serviceClock, sse, log: app.log, callbackUrl: (id) => publicUrl() + callbackPath(id),
    retryBaseMs: config.REGISTRATION_RETRY_BASE_MS, retryMaxMs: config.REGISTRATION_RETRY_MAX_MS,
  })
  wiring = { config, store, runner, sse, clockOf, serviceClock, readMachine, readDisk, smtpConnections: (id) => smtp?.openConnections(id) ?? 0 }
  smtp = new SmtpIntake({
    store, serviceClock, log: app.log, hostname: config.ESA_HOSTNAME, defaultApplianceId: DEFAULT_APPLIANCE_ID,
    maxMessageBytes: config.SMTP_MAX_MESSAGE_BYTES, tls: await readTlsFiles(config),
  })

  app.addHook('preValidation', rejectNulCharacters)
  await app.register(loginRoutes, wiring)
  await app.register(messageTrackingRoutes, wiring)
  await app.register(spamQuarantineRoutes, wiring)
  await app.register(safelistBlocklistRoutes, wiring)
  await app.register(reportingRoutes, wiring)
  await app.register(dictionaryRoutes, wiring)
  await app.register(urlAndFileHashListRoutes, wiring)
  await app.register(messageFilterRoutes, wiring)
  await app.register(systemHealthRoutes, wiring)
  await app.register(xmlStatusRoutes, wiring)
  await app.register(incomingMailPolicyRoutes, wiring)
  await app.register(cloudServiceSettingsRoutes, wiring)
  await app.register(deviceRoutes, wiring)
  await app.register(mockMessageRoutes, wiring)

  // The default appliance exists before the first request; registrations in progress resume after a restart.
  app.addHook('onReady', async () => {
    await store.appliances.ensure(defaultAppliance(config, cryptoRandom))
    await runner.resume()
  })

  let startSmtp: (port: number) => void = () => {}
  let failSmtp: (error: unknown) => void = () => {}
  const started = new Promise<number>((resolve, reject) => { startSmtp = resolve; failSmtp = reject })
  started.catch(() => {}) // observed through app.smtp.started and the readiness check
  const intake = smtp
  app.addHook('onListen', async () => {
    try {
      startSmtp(await intake.listen(config.SMTP_PORT, config.HOST))
    } catch (error) {
      app.log.error({ err: error, port: config.SMTP_PORT }, 'the SMTP listener could not start')
      failSmtp(error)
    }
  })
  app.addHook('preClose', async () => {
    runner.close()
    await intake.close()
  })
  app.addHook('onClose', async () => { await sse.close() })

  app.decorate('smtp', { started, get port() { return intake.port } } satisfies SmtpListener)
  app.decorate('esa', wiring)
  return app as EsaApp
}
