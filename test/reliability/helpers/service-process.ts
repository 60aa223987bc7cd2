// A service as its own OS process, started the way compose starts it (`node packages/cli/dist/ctrmock.mjs serve`: the
// CLI's bundle, built here from the current sources), so a test can kill -9 it, restart it on the same port and
// database, and read what it logged.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { withFreshPorts } from '@ctrmock/kit'
import { quietPorts } from '@ctrmock/kit/testing'
import { buildBundle } from '../../../packages/cli/bundle.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * The CLI's bundle, built into a folder of its own inside packages/cli (where the packages it leaves out resolve,
 * as in the image) and removed at the end of `t`. A bundled service starts on much less CPU than the sources through
 * tsx, which counts when a test restarts services again and again.
 */
export async function bundledCli(t: Test): Promise<string> {
  const outdir = mkdtempSync(path.join(ROOT, 'packages/cli/dist-test-'))
  t.teardown(() => rmSync(outdir, { recursive: true, force: true }))
  return buildBundle(outdir)
}

export type ServiceName = 'ctr' | 'sse' | 'esa'

export class PortTakenError extends Error {
  constructor(readonly service: ServiceProcess) {
    super(`${service.service}: port ${service.port} is taken by another process`)
  }
}

export class ServiceProcess {
  #child?: ChildProcess
  #exited?: Promise<void>
  /** Every line the process wrote (stdout and stderr), across restarts. */
  readonly output: string[] = []

  /** `cli`: the bundled CLI's entry file (bundledCli). */
  constructor(readonly service: ServiceName, readonly port: number, readonly env: Record<string, string>, readonly cli: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null
  }

  /**
   * Starts the process and waits until it listens on its port and /__mock/ready answers 200. A port held by another
   * process (the port was free when picked, and tests run side by side) is tried again for a few seconds, then
   * reported as PortTakenError.
   */
  async start(timeoutMs = 60_000): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#startOnce(timeoutMs)
      } catch (error) {
        if (!(error instanceof PortTakenError) || attempt === 6) throw error
        await new Promise((r) => setTimeout(r, 500))
      }
    }
  }

  async #startOnce(timeoutMs: number): Promise<void> {
    const child = spawn(process.execPath, [this.cli, 'serve', this.service], {
      cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(this.port), ...this.env }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.#child = child
    // 'close' comes after the exit and the last of its output, so the reason it exited is in `output` by then.
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()))
    const from = this.output.length
    let partial = ''
    const collect = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n')
      partial = lines.pop() ?? ''
      this.output.push(...lines)
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    await this.#waitReady(from, timeoutMs)
  }

  /** Another process answering on the port must not pass for this one: its own "listening" log line counts too. */
  async #waitReady(from: number, timeoutMs: number): Promise<void> {
    // Fastify logs it as pino JSON: the closing quote keeps port 3429 from matching 34299.
    const listening = `listening at ${this.url}"`
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (!this.running) {
        await this.#exited
        if (this.output.slice(from).some((line) => line.includes('EADDRINUSE'))) throw new PortTakenError(this)
        throw new Error(`${this.service} exited while starting:\n${this.output.slice(-20).join('\n')}`)
      }
      const status = this.output.slice(from).some((line) => line.includes(listening)) ? await this.readiness() : 0
      if (status === 200) return
      if (Date.now() > deadline) throw new Error(`${this.service} not ready after ${timeoutMs} ms (last: ${status}):\n${this.output.slice(-20).join('\n')}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** The status of GET /__mock/ready, or 0 when nothing answers. */
  async readiness(): Promise<number> {
    try {
      return (await fetch(`${this.url}/__mock/ready`, { signal: AbortSignal.timeout(3_000) })).status
    } catch {
      return 0
    }
  }

  /** kill -9: no shutdown hooks, no flushing, connections cut mid-request. */
  async kill9(): Promise<void> {
    if (!this.running) return
    this.#child!.kill('SIGKILL')
    await this.#exited
  }

  /** SIGTERM, then SIGKILL after a grace period. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return
    this.#child!.kill('SIGTERM')
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), graceMs)
    await this.#exited
    clearTimeout(timer)
  }

  /** Parsed pino lines (non-JSON lines skipped). */
  logRecords(): Array<Record<string, unknown>> {
    return this.output.flatMap((line) => {
      try {
        const parsed = JSON.parse(line)
        return parsed && typeof parsed === 'object' ? [parsed] : []
      } catch {
        return []
      }
    })
  }
}

export interface Cluster {
  ctr: ServiceProcess
  sse: ServiceProcess
  esa: ServiceProcess
  smtpPort: number
}

/**
 * CTR (NAM), SSE (AMERICAS) and the ESA agent as three processes wired to each other, each with its own database
 * on the Postgres server at `serverUrl`. Stopped on teardown (the databases are the caller's).
 */
export async function startCluster(t: Test, databaseUrl: (service: ServiceName) => string, env: Record<string, string> = {}): Promise<Cluster> {
  // Teardowns run in order: the processes stop before the bundle they run from is removed.
  const cli = await bundledCli(t)
  // Ports are wired into each other's settings, so one taken port means a new set for all three.
  return withFreshPorts(async () => {
    const started: ServiceProcess[] = []
    const stop = () => Promise.all(started.map((service) => service.stop()))
    t.teardown(stop)
    // A killed service comes back on its port, so the ports are ones no outgoing connection can take meanwhile.
    return startClusterOn(await quietPorts('crash-restart', 5), started, cli, databaseUrl, env).catch(async (error: unknown) => {
      await stop()
      throw error
    })
  }, (error) => error instanceof PortTakenError)
}

async function startClusterOn(
  [ctrPort, ssePort, esaPort, smtpPort, unusedPort]: number[], started: ServiceProcess[], cli: string,
  databaseUrl: (service: ServiceName) => string, env: Record<string, string>,
): Promise<Cluster> {
  const url = (port: number) => `http://127.0.0.1:${port}`
  const common = { LOG_LEVEL: 'info', ...env }
  const ctr = new ServiceProcess('ctr', ctrPort!, {
    ...common, REGION: 'NAM', DATABASE_URL: databaseUrl('ctr'), SSE_URL: url(ssePort!), PUBLIC_URL: url(ctrPort!), RATE_LIMIT_PER_HOUR: '0',
  }, cli)
  const sse = new ServiceProcess('sse', ssePort!, {
    ...common, REGION: 'AMERICAS', DATABASE_URL: databaseUrl('sse'), SSE_TRUSTED_JWKS_URL: `${url(ctrPort!)}/.well-known/jwks`, PUBLIC_URL: url(ssePort!),
  }, cli)
  const esa = new ServiceProcess('esa', esaPort!, {
    ...common, DATABASE_URL: databaseUrl('esa'), SMTP_PORT: String(smtpPort), SSE_AMERICAS_URL: url(ssePort!), SSE_EUROPE_URL: url(unusedPort!),
    PUBLIC_URL: url(esaPort!), CLOUD_BUSY_SECONDS: '0', REGISTRATION_RETRY_BASE_MS: '200', REGISTRATION_RETRY_MAX_MS: '1000',
  }, cli)
  started.push(ctr, sse, esa)
  // allSettled: every process has settled (ready or exited) before a retry stops them and picks new ports.
  const results = await Promise.allSettled([ctr.start(), sse.start(), esa.start()])
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  return { ctr, sse, esa, smtpPort: smtpPort! }
}
