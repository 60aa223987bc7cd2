// The start API for test runners: the embedded stack with every port free and a data folder of its own, so parallel
// test files and a developer's own `ctrmock up` never collide.
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startStack } from './stack.ts'

/** Base URLs in the shape `new Cloud(urls)` of @ctrmock/client takes. */
export interface CtrmockUrls {
  ctr: string
  ctrEu: string
  sseAmericas: string
  sseEurope: string
  esa: string
  intel: string
  intelEu: string
  smtpPort: number
}

// Spelled out rather than imported, so this module's declarations (the `ctrmock` package's types) stand alone.
export type ServiceInstanceName = 'ctr' | 'ctr-eu' | 'sse-americas' | 'sse-europe' | 'esa' | 'intel' | 'intel-eu'
export type PortName = ServiceInstanceName | 'smtp' | 'postgres'

export interface StartCtrmockOptions {
  /** 'auto' (the default) picks every port free; 'default' takes the documented ones (7100, ...); or name some. */
  ports?: 'auto' | 'default' | Partial<Record<PortName, number>>
  /** Where the embedded Postgres keeps its cluster; a temporary folder, removed by stop(), when absent. */
  dataDir?: string
  /** A Postgres server to use instead of the embedded one (URL without a database name). */
  databaseServerUrl?: string
  /** Extra env for every service (LOG_LEVEL, CLOUD_BUSY_SECONDS, ...). */
  env?: Record<string, string>
  /** HTTPS beside HTTP on every service and STARTTLS on SMTP, with a local CA (kept beside the data dir). */
  tls?: boolean
}

/** With `tls`: the CA's certificate (PEM file) to trust, and each service's HTTPS base URL. */
export interface CtrmockTls {
  caFile: string
  urls: Omit<CtrmockUrls, 'smtpPort'>
}

export interface Ctrmock {
  urls: CtrmockUrls
  /** The same URLs as the CTRMOCK_*_URL variables `urlsFromEnv()` of @ctrmock/client and the CLI read. */
  env: Record<string, string>
  /** Postgres server the stack's databases live on. */
  databaseServerUrl: string
  tls?: CtrmockTls
  stop(): Promise<void>
}

const AUTO: Record<PortName, number> = { ctr: 0, 'ctr-eu': 0, 'sse-americas': 0, 'sse-europe': 0, esa: 0, intel: 0, 'intel-eu': 0, smtp: 0, postgres: 0 }

/** Chosen ports: free ones for 'auto', the stack's defaults (and their env overrides) for 'default'. */
export function resolvePorts(ports: StartCtrmockOptions['ports'] = 'auto'): Partial<Record<PortName, number>> {
  if (ports === 'default') return {}
  if (ports === 'auto') return AUTO
  return { ...AUTO, ...ports }
}

function baseUrls(urls: Record<ServiceInstanceName, string>): Omit<CtrmockUrls, 'smtpPort'> {
  return {
    ctr: urls.ctr,
    ctrEu: urls['ctr-eu'],
    sseAmericas: urls['sse-americas'],
    sseEurope: urls['sse-europe'],
    esa: urls.esa,
    intel: urls.intel,
    intelEu: urls['intel-eu'],
  }
}

export function urlsOf(stack: { urls: Record<ServiceInstanceName, string>; smtpPort: number }): CtrmockUrls {
  return { ...baseUrls(stack.urls), smtpPort: stack.smtpPort }
}

export function tlsOf(tls: { caFile: string; urls: Record<ServiceInstanceName, string> }): CtrmockTls {
  return { caFile: tls.caFile, urls: baseUrls(tls.urls) }
}

export function envOf(urls: CtrmockUrls): Record<string, string> {
  return {
    CTRMOCK_CTR_URL: urls.ctr,
    CTRMOCK_CTR_EU_URL: urls.ctrEu,
    CTRMOCK_SSE_AMERICAS_URL: urls.sseAmericas,
    CTRMOCK_SSE_EUROPE_URL: urls.sseEurope,
    CTRMOCK_ESA_URL: urls.esa,
    CTRMOCK_INTEL_URL: urls.intel,
    CTRMOCK_INTEL_EU_URL: urls.intelEu,
    CTRMOCK_SMTP_PORT: String(urls.smtpPort),
  }
}

export async function startCtrmock(options: StartCtrmockOptions = {}): Promise<Ctrmock> {
  const { postgres, ...ports } = resolvePorts(options.ports)
  const temporary = options.dataDir || options.databaseServerUrl ? undefined : await mkdtemp(path.join(os.tmpdir(), 'ctrmock-'))
  // As root the embedded Postgres runs as the `postgres` user, which must reach the cluster inside this folder.
  if (temporary) await chmod(temporary, 0o755)
  try {
    const stack = await startStack({
      databaseServerUrl: options.databaseServerUrl,
      dataDir: options.dataDir ?? (temporary && path.join(temporary, 'postgres')),
      postgresPort: postgres,
      ports,
      env: options.env,
      tls: options.tls,
    })
    let stopping: Promise<void> | undefined
    const stop = (): Promise<void> => (stopping ??= (async () => {
      await stack.stop()
      if (temporary) await rm(temporary, { recursive: true, force: true })
    })())
    const urls = urlsOf(stack)
    return { urls, env: envOf(urls), databaseServerUrl: stack.databaseServerUrl, ...(stack.tls ? { tls: tlsOf(stack.tls) } : {}), stop }
  } catch (error) {
    if (temporary) await rm(temporary, { recursive: true, force: true })
    throw error
  }
}
