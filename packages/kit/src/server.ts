// Listening and shutdown: what every service's server.ts calls after building its app.
import type { FastifyInstance } from 'fastify'
import { prepareDatabase } from './db/index.ts'

export async function listen(app: FastifyInstance, port: number, host = '127.0.0.1'): Promise<string> {
  await app.listen({ port, host })
  const address = app.server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`
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

export interface RunnableConfig {
  PORT: number
  HOST: string
  DATABASE_URL: string
}

/** Creates and migrates the service's own database when missing, builds the app and listens. */
export async function runService<C extends RunnableConfig, A extends FastifyInstance>(
  config: C,
  build: (config: C) => Promise<A>,
): Promise<{ app: A; url: string }> {
  await prepareDatabase(config.DATABASE_URL)
  const app = await build(config)
  // An app that cannot listen is closed, so a start retried on another port leaves no pool or timer behind.
  const url = await listen(app, config.PORT, config.HOST).catch(async (error: unknown) => {
    await app.close().catch(() => {})
    throw error
  })
  return { app, url }
}
