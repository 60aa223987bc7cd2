// The embedded stack: one Postgres (embedded unless DATABASE_SERVER_URL is given) and the seven service instances,
// each on its own port, each with its own database, wired to each other by URL. Used by `ctrmock up` and by tests.
import path from 'node:path'
import { freePorts, withFreshPorts, type ServiceApp } from '@ctrmock/kit'
import { startEmbeddedPostgres, type DataDirClaim } from '@ctrmock/kit/db'
import { startInstance, type ServiceName } from './instances.ts'
import { localTls, type LocalTls } from './tls.ts'

export interface StackOptions {
  /** Postgres server URL without a database name; an embedded server is started when absent. */
  databaseServerUrl?: string
  dataDir?: string
  postgresPort?: number
  /** 0 picks free ports (tests); otherwise the documented defaults or their env overrides. */
  ports?: Partial<Record<InstanceName | 'smtp', number>>
  /** Extra env for every instance (e.g. LOG_LEVEL, CLOUD_BUSY_SECONDS). */
  env?: Record<string, string>
  /** Receives what the start does about a Postgres left on the data dir (default: stderr). */
  notice?: (message: string) => void
  /** Database name prefix, so parallel test stacks never share rows. */
  databasePrefix?: string
  /** Each instance serves HTTPS too (on its port + 1000, or a free one) and SMTP offers STARTTLS. */
  tls?: boolean
}

export type InstanceName = 'ctr' | 'ctr-eu' | 'sse-americas' | 'sse-europe' | 'esa' | 'intel' | 'intel-eu'

export interface RunningInstance {
  name: InstanceName
  service: ServiceName
  region: string
  url: string
  httpsUrl?: string
  app: ServiceApp
}

export interface Stack {
  instances: RunningInstance[]
  urls: Record<InstanceName, string>
  smtpPort: number
  /** With `tls`: the CA clients trust, and each instance's HTTPS URL. */
  tls?: { caFile: string; urls: Record<InstanceName, string> }
  databaseServerUrl: string
  readyMs: number
  stop(): Promise<void>
}

export const DEFAULT_PORTS: Record<InstanceName | 'smtp' | 'postgres', number> = {
  ctr: 7100, 'ctr-eu': 7101, 'sse-americas': 7200, 'sse-europe': 7201, esa: 7300, intel: 7110, 'intel-eu': 7111, smtp: 2525, postgres: 7432,
}

const PORT_ENV: Record<InstanceName | 'smtp' | 'postgres', string> = {
  ctr: 'CTR_NAM_PORT', 'ctr-eu': 'CTR_EU_PORT', 'sse-americas': 'SSE_AMERICAS_PORT', 'sse-europe': 'SSE_EUROPE_PORT',
  esa: 'ESA_PORT', intel: 'INTEL_NAM_PORT', 'intel-eu': 'INTEL_EU_PORT', smtp: 'ESA_SMTP_PORT', postgres: 'POSTGRES_PORT',
}

/** Where `ctrmock up` keeps its embedded Postgres: CTRMOCK_DATA_DIR, else `.data/postgres` under the working directory. */
export function defaultDataDir(env = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env.CTRMOCK_DATA_DIR || '.data/postgres')
}

export function defaultPort(name: InstanceName | 'smtp' | 'postgres', env = process.env): number {
  const given = env[PORT_ENV[name]]
  return given ? Number(given) : DEFAULT_PORTS[name]
}

const NAMES: InstanceName[] = ['ctr', 'ctr-eu', 'sse-americas', 'sse-europe', 'esa', 'intel', 'intel-eu']

type Ports = Record<InstanceName | 'smtp', number>

interface ChosenPorts {
  ports: Ports
  /** With TLS: each instance's HTTPS port. */
  https?: Record<InstanceName, number>
  /** The ports picked free now, which a retry may pick afresh. */
  picked: Set<number>
}

/**
 * The port of each instance: the one given, else the default; 0 means a free one picked now. With TLS, each HTTPS
 * port is the instance's port + 1000, or a free one beside a port picked free; known ahead, as CTR's links name it.
 */
async function choosePorts(options: StackOptions): Promise<ChosenPorts> {
  // An intel instance follows its CTR when no port is given for it: port 0 (tests) beside CTR's port 0.
  const pairedCtr: Partial<Record<InstanceName, InstanceName>> = { intel: 'ctr', 'intel-eu': 'ctr-eu' }
  const wanted = NAMES.map((name) => {
    const paired = pairedCtr[name]
    return options.ports?.[name] ?? (paired && options.ports?.[paired] === 0 ? 0 : defaultPort(name))
  })
  const unknown = wanted.filter((port) => port === 0).length
  const picked = await freePorts(options.tls ? 2 * unknown : unknown)
  const free = [...picked]
  const ports = Object.fromEntries(NAMES.map((name, i) => [name, wanted[i] === 0 ? free.pop()! : wanted[i]!])) as Ports
  // Nothing refers to the SMTP port ahead, so 0 stays 0 and the ESA binds a free one itself.
  ports.smtp = options.ports?.smtp ?? defaultPort('smtp')
  const https = options.tls ? Object.fromEntries(NAMES.map((name, i) => [name, wanted[i] === 0 ? free.pop()! : httpsPortOf(wanted[i]!)])) as Record<InstanceName, number> : undefined
  return { ports, ...(https ? { https } : {}), picked: new Set(picked) }
}

/** Where the CA is kept: `tls/` beside the embedded Postgres's folder (`.data/tls` for `.data/postgres`). */
export function tlsDirOf(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), 'tls')
}

/** The HTTPS port beside a given port: CTR NAM's 7100 serves HTTPS on 8100, as DESIGN.md's port table has it. */
export function httpsPortOf(port: number): number {
  return port + 1000
}

function definitions(chosen: ChosenPorts, serverUrl: string, options: StackOptions, tls?: LocalTls): Array<{ name: InstanceName; service: ServiceName; env: Record<string, string> }> {
  const { ports, https } = chosen
  const url = (name: InstanceName) => `http://127.0.0.1:${ports[name]}`
  // The URL a client is handed in links (token endpoint, JWKS, refer, clouds.json): the HTTPS one when TLS is on.
  const publicUrl = (name: InstanceName) => (https ? `https://127.0.0.1:${https[name]}` : url(name))
  const prefix = options.databasePrefix ?? 'ctrmock'
  const database = (suffix: string) => {
    const u = new URL(serverUrl)
    u.pathname = `/${prefix}_${suffix}`
    return u.toString()
  }
  const common = { HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...options.env }
  const withTls = (name: InstanceName): Record<string, string> => (tls && https ? { HTTPS_PORT: String(https[name]), TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile } : {})
  const REGION_URLS = `NAM=${publicUrl('ctr')},EU=${publicUrl('ctr-eu')}`
  const ctr = (name: 'ctr' | 'ctr-eu', region: string, sse: InstanceName, intel: InstanceName) => ({
    ...common, ...withTls(name), PORT: String(ports[name]), REGION: region, REGION_URLS, DATABASE_URL: database(name === 'ctr' ? 'ctr_nam' : 'ctr_eu'),
    SSE_URL: url(sse), INTEL_URL: url(intel), PUBLIC_URL: publicUrl(name), INTEL_PUBLIC_URL: publicUrl(intel),
  })
  return [
    { name: 'ctr', service: 'ctr', env: ctr('ctr', 'NAM', 'sse-americas', 'intel') },
    { name: 'ctr-eu', service: 'ctr', env: ctr('ctr-eu', 'EU', 'sse-europe', 'intel-eu') },
    { name: 'sse-americas', service: 'sse', env: { ...common, ...withTls('sse-americas'), PORT: String(ports['sse-americas']), REGION: 'AMERICAS', DATABASE_URL: database('sse_americas'), SSE_TRUSTED_JWKS_URL: `${url('ctr')}/.well-known/jwks`, PUBLIC_URL: url('sse-americas') } },
    { name: 'sse-europe', service: 'sse', env: { ...common, ...withTls('sse-europe'), PORT: String(ports['sse-europe']), REGION: 'EUROPE', DATABASE_URL: database('sse_europe'), SSE_TRUSTED_JWKS_URL: `${url('ctr-eu')}/.well-known/jwks`, PUBLIC_URL: url('sse-europe') } },
    { name: 'intel', service: 'intel', env: { ...common, ...withTls('intel'), PORT: String(ports.intel), REGION: 'NAM', DATABASE_URL: database('intel_nam'), INTEL_TRUSTED_JWKS_URL: `${url('ctr')}/.well-known/jwks`, PUBLIC_URL: url('intel') } },
    { name: 'intel-eu', service: 'intel', env: { ...common, ...withTls('intel-eu'), PORT: String(ports['intel-eu']), REGION: 'EU', DATABASE_URL: database('intel_eu'), INTEL_TRUSTED_JWKS_URL: `${url('ctr-eu')}/.well-known/jwks`, PUBLIC_URL: url('intel-eu') } },
    // The ESA's PUBLIC_URL is where SSE calls it back, service to service: plain HTTP, as every call between services.
    { name: 'esa', service: 'esa', env: { ...common, ...withTls('esa'), PORT: String(ports.esa), SMTP_PORT: String(ports.smtp), DATABASE_URL: database('esa'), SSE_AMERICAS_URL: url('sse-americas'), SSE_EUROPE_URL: url('sse-europe'), PUBLIC_URL: url('esa') } },
  ]
}

interface Started { instances: RunningInstance[]; smtpPort: number }

/** Starts every instance; if one fails, those that started are closed again and the first failure is thrown. */
async function startInstances(chosen: ChosenPorts, serverUrl: string, options: StackOptions, tls?: LocalTls): Promise<Started> {
  let smtpPort = chosen.ports.smtp
  const results = await Promise.allSettled<RunningInstance>(definitions(chosen, serverUrl, options, tls).map(async (d) => {
    const { app, url, httpsUrl, smtpPort: bound } = await startInstance(d.service, d.env)
    if (bound !== undefined) smtpPort = bound
    return { name: d.name, service: d.service, region: app.region ?? '-', url, ...(httpsUrl ? { httpsUrl } : {}), app }
  }))
  const instances = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) {
    await Promise.allSettled(instances.map((i) => i.app.close()))
    throw failed.reason
  }
  return { instances, smtpPort }
}

/** Starts the instances on ports picked afresh while a picked one turns out taken; given ports fail at once. */
function startOnFreePorts(serverUrl: string, options: StackOptions, tls?: LocalTls): Promise<Started> {
  let picked = new Set<number>()
  return withFreshPorts(async () => {
    const chosen = await choosePorts(options)
    picked = chosen.picked
    return startInstances(chosen, serverUrl, options, tls)
  }, (error) => {
    const e = error as NodeJS.ErrnoException & { port?: number }
    return e?.code === 'EADDRINUSE' && e.port !== undefined && picked.has(e.port)
  })
}

/** The instances, each with HTTPS too when `tls` asks for it. */
async function startServices(serverUrl: string, options: StackOptions): Promise<Started & Pick<Stack, 'tls'>> {
  if (!options.tls) return startOnFreePorts(serverUrl, options)
  const files = await localTls(tlsDirOf(options.dataDir ?? defaultDataDir()))
  const started = await startOnFreePorts(serverUrl, options, files)
  const urls = Object.fromEntries(started.instances.map((i) => [i.name, i.httpsUrl!])) as Record<InstanceName, string>
  return { ...started, tls: { caFile: files.caFile, urls } }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const started = performance.now()
  let stopPostgres = async () => {}
  let owner: DataDirClaim | undefined
  let serverUrl = options.databaseServerUrl ?? process.env.DATABASE_SERVER_URL
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: options.dataDir ?? defaultDataDir(),
      port: options.postgresPort ?? defaultPort('postgres'),
      notice: options.notice ?? ((message) => console.error(`ctrmock: ${message}`)),
    })
    serverUrl = pg.url
    stopPostgres = pg.stop
    owner = pg.owner
  }
  const running = await startServices(serverUrl, options).catch(async (error: unknown) => {
    await stopPostgres()
    throw error
  })
  const { instances, smtpPort, tls } = running
  const urls = Object.fromEntries(instances.map((i) => [i.name, i.url])) as Record<InstanceName, string>
  const httpsUrls = Object.fromEntries(Object.entries(tls?.urls ?? {}).map(([name, url]) => [`${name} (https)`, url]))
  await owner?.update({ state: 'running', urls: { ...urls, ...httpsUrls, smtp: `127.0.0.1:${smtpPort}` } }).catch(() => {})
  return {
    instances,
    urls,
    smtpPort,
    ...(tls ? { tls } : {}),
    databaseServerUrl: serverUrl,
    readyMs: Math.round(performance.now() - started),
    stop: async () => {
      await owner?.update({ state: 'stopping' }).catch(() => {}) // a start meanwhile waits for this one to end
      await Promise.allSettled(instances.map((i) => i.app.close()))
      await stopPostgres()
    },
  }
}
