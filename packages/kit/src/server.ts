// Listening and shutdown: what every service's server.ts calls after building its app.
import { readFile } from 'node:fs/promises'
import https from 'node:https'
import type { FastifyInstance } from 'fastify'
import { ConfigError } from './config.ts'
import { prepareDatabase } from './db/index.ts'

export async function listen(app: FastifyInstance, port: number, host = '127.0.0.1'): Promise<string> {
  await app.listen({ port, host })
  return urlOf('http', app.server, port, host)
}

function urlOf(scheme: 'http' | 'https', server: { address(): ReturnType<https.Server['address']> }, port: number, host: string): string {
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  return `${scheme}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`
}

/** The certificate and key HTTPS and STARTTLS present, when the service is given them. */
export async function readTlsFiles(config: TlsConfig): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (!config.TLS_CERT_FILE && !config.TLS_KEY_FILE) return undefined
  if (!config.TLS_CERT_FILE || !config.TLS_KEY_FILE) throw new ConfigError('invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE go together')
  const [cert, key] = await Promise.all([readFile(config.TLS_CERT_FILE), readFile(config.TLS_KEY_FILE)])
  return { cert, key }
}

/** Serves the app's routes over HTTPS too, on a server of its own that closes with the app's HTTP server. */
async function listenHttps(app: FastifyInstance, config: RunnableConfig): Promise<string | undefined> {
  if (config.HTTPS_PORT === undefined) return undefined
  const tls = await readTlsFiles(config)
  if (!tls) throw new ConfigError('invalid configuration:\n  HTTPS_PORT needs TLS_CERT_FILE and TLS_KEY_FILE')
  const server = https.createServer(tls, app.routing)
  app.server.once('close', () => {
    server.close()
    server.closeAllConnections()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.HTTPS_PORT, config.HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return urlOf('https', server, config.HTTPS_PORT!, config.HOST)
}

/** Closes everything once on SIGINT, SIGTERM or SIGHUP (its terminal closed), then exits; a second signal exits at once. */
export function closeOnSignals(close: () => Promise<void>, log: (msg: string) => void = console.error): void {
  let closing = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1)
    closing = true
    log(`${signal} received, shutting down`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    close().then(() => process.exit(0), (err) => { log(String(err)); process.exit(1) })
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal)
}

export interface TlsConfig {
  TLS_CERT_FILE?: string
  TLS_KEY_FILE?: string
}

export interface RunnableConfig extends TlsConfig {
  PORT: number
  HOST: string
  DATABASE_URL: string
  HTTPS_PORT?: number
}

/** Creates and migrates the service's own database when missing, builds the app and listens. */
export async function runService<C extends RunnableConfig, A extends FastifyInstance>(
  config: C,
  build: (config: C) => Promise<A>,
): Promise<{ app: A; url: string; httpsUrl?: string }> {
  await prepareDatabase(config.DATABASE_URL)
  const app = await build(config)
  // An app that cannot listen is closed, so a start retried on another port leaves no pool or timer behind.
  const closeOnError = async (error: unknown): Promise<never> => {
    await app.close().catch(() => {})
    throw error
  }
  const url = await listen(app, config.PORT, config.HOST).catch(closeOnError)
  const httpsUrl = await listenHttps(app, config).catch(closeOnError)
  return { app, url, ...(httpsUrl ? { httpsUrl } : {}) }
}
