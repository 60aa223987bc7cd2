// `ctrmock up` as its own OS process (the bundled CLI, or `pnpm start` as a user runs it), on a data dir of the test's
// own and free ports, so a test can signal it the way a terminal, a CI runner or the OOM killer would.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { Cloud } from '@ctrmock/client'
import { quietPorts, type PortBand } from '@ctrmock/kit/testing'

const PORT_VARIABLES = ['CTR_NAM_PORT', 'CTR_EU_PORT', 'SSE_AMERICAS_PORT', 'SSE_EUROPE_PORT', 'ESA_PORT', 'ESA_SMTP_PORT', 'POSTGRES_PORT', 'INTEL_NAM_PORT', 'INTEL_EU_PORT']
const INSTANCES = ['ctr', 'ctr-eu', 'sse-americas', 'sse-europe', 'esa'] as const

export interface UpOptions {
  /** The bundled CLI's entry (bundledCli), or 'pnpm' for `pnpm start` in `root`. */
  cli: string
  root: string
  dataDir: string
  env?: Record<string, string>
}

/** Ports for every listener of one `ctrmock up`, from the test file's own band. */
export function upPorts(band: PortBand): Promise<number[]> {
  return quietPorts(band, PORT_VARIABLES.length)
}

export class UpProcess {
  readonly child: ChildProcess
  readonly output: string[] = []
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  readonly spawnedAt = Date.now()

  constructor(readonly options: UpOptions, ports: number[]) {
    const env = {
      ...process.env, ...Object.fromEntries(PORT_VARIABLES.map((name, i) => [name, String(ports[i])])), CTRMOCK_DATA_DIR: options.dataDir, LOG_LEVEL: 'warn', CLOUD_BUSY_SECONDS: '0', RATE_LIMIT_PER_HOUR: '0',
      REGISTRATION_RETRY_BASE_MS: '200', REGISTRATION_RETRY_MAX_MS: '1000', ...options.env,
    }
    const [command, args] = options.cli === 'pnpm' ? ['pnpm', ['start']] : [process.execPath, [options.cli, 'up']]
    // A process group of its own: a test can signal the whole group, as a terminal or CI runner does, and clean it up.
    this.child = spawn(command, args, { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })))
    let partial = ''
    const collect = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n')
      partial = lines.pop() ?? ''
      this.output.push(...lines)
    }
    this.child.stdout!.on('data', collect)
    this.child.stderr!.on('data', collect)
  }

  get pid(): number {
    return this.child.pid!
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** Waits for the report `up` prints once every service listens, and returns the stack's URLs from it. */
  async ready(timeoutMs: number): Promise<Cloud> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const cloud = this.cloudFromReport()
      if (cloud) return cloud
      if (!this.running) throw new Error(`ctrmock up exited before it was ready:\n${this.output.slice(-20).join('\n')}`)
      if (Date.now() > deadline) throw new Error(`ctrmock up not ready after ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /** Milliseconds from the ctrmock process's own start to ready, as it reports them: however it was launched (pnpm or node). */
  get reportedReadyMs(): number | undefined {
    const seconds = this.output.map((line) => /^ready in ([\d.]+) s from process start/.exec(line)?.[1]).find(Boolean)
    return seconds === undefined ? undefined : Math.round(Number(seconds) * 1000)
  }

  private cloudFromReport(): Cloud | undefined {
    if (!this.output.some((line) => line.startsWith('ready in '))) return undefined
    const url = (name: string) => this.output.map((line) => new RegExp(`^${name}\\s+\\S+\\s+(http://\\S+)`).exec(line)?.[1]).find(Boolean)!
    const smtp = Number(this.output.map((line) => /ESA SMTP: 127\.0\.0\.1:(\d+)/.exec(line)?.[1]).find(Boolean))
    const urls = Object.fromEntries(INSTANCES.map((name) => [name, url(name)]))
    return new Cloud({ ctr: urls.ctr!, ctrEu: urls['ctr-eu']!, sseAmericas: urls['sse-americas']!, sseEurope: urls['sse-europe']!, esa: urls.esa!, smtpPort: smtp })
  }

  /** Sends `signal` to the CLI process, or to its whole process group. */
  signal(signal: NodeJS.Signals, group = false): void {
    process.kill(group ? -this.pid : this.pid, signal)
  }

  /** Whatever still runs in the group goes, its Postgres included (teardown). */
  async kill(): Promise<void> {
    try {
      process.kill(-this.pid, 'SIGKILL')
    } catch {}
    await this.exited
  }
}

/** Another `ctrmock` command on the data dir, as from another terminal: its exit code and what it printed. */
export function ctrmock(cli: string, args: string[], dataDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 40_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
    })
  })
}
