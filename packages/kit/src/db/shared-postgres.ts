// One embedded Postgres server shared by every process of a test run (tap runs test files in parallel processes).
// The first process to need it starts a small detached server process (shared-postgres-server.ts) that owns Postgres
// and stops it once nobody has used it for a while; every other process finds it through a state file. A lock file
// serialises the find-or-start step, and a lease (the mtime of a file touched on every use) keeps the server from
// stopping between a process finding it and connecting to it.
import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdir, open, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { isAlive } from './embedded-postgres.ts'

export interface SharedPostgresOptions {
  /** Folder for the cluster (`pgdata/`), the state file, the lock, the lease and the server's log. */
  dir: string
  /** Stop the server after this long without client connections or new users (default 30 s). */
  idleMs?: number
  /** Give up waiting for the lock or for the server after this long (default 60 s). */
  timeoutMs?: number
}

/** What the server process writes once Postgres accepts connections. */
export interface SharedPostgresState {
  pid: number
  port: number
  url: string
}

/** Every database made by createTestDatabase starts with this; the server drops leftovers when nobody is connected. */
export const testDatabasePrefix = 'ctrmock_test_'
export const testDatabasePattern = 'ctrmock\\_test\\_%'

export const sharedPostgresFiles = (dir: string) => ({
  data: path.join(dir, 'pgdata'),
  state: path.join(dir, 'server.json'),
  lock: path.join(dir, 'lock'),
  lease: path.join(dir, 'lease'),
  log: path.join(dir, 'server.log'),
})

const serverEntry = fileURLToPath(new URL('./shared-postgres-server.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

/** Returns the URL of the shared server's maintenance database, starting the server if none is running. */
export async function ensureSharedPostgres(options: SharedPostgresOptions): Promise<SharedPostgresState> {
  const files = sharedPostgresFiles(options.dir)
  const timeoutMs = options.timeoutMs ?? 60_000
  await mkdir(options.dir, { recursive: true })
  return withLock(files.lock, timeoutMs, async () => {
    await touch(files.lease)
    const running = await readState(files.state)
    if (running && isAlive(running.pid)) return running
    await rm(files.state, { force: true })
    return startServer(options.dir, options.idleMs ?? 30_000, timeoutMs)
  })
}

/** Stops the shared server if one runs (the next user starts it again). */
export async function stopSharedPostgres(dir: string, timeoutMs = 30_000): Promise<boolean> {
  const state = await readState(sharedPostgresFiles(dir).state)
  if (!state || !isAlive(state.pid)) return false
  process.kill(state.pid, 'SIGTERM')
  for (const deadline = Date.now() + timeoutMs; isAlive(state.pid); await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`the shared Postgres server (PID ${state.pid}) did not stop`)
  }
  return true
}

async function startServer(dir: string, idleMs: number, timeoutMs: number): Promise<SharedPostgresState> {
  const files = sharedPostgresFiles(dir)
  // The server must outlive this process and must not hold its stdio (a runner waiting for EOF would hang), nor run
  // under the test runner's loaders (NODE_OPTIONS, TAP_*).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(NODE_OPTIONS|NODE_PATH|TAP|_TAPJS)/.test(name)),
  )
  const logFd = openSync(files.log, 'a')
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry, dir, String(idleMs)], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  })
  closeSync(logFd)
  let exited: number | null | undefined
  child.once('exit', (code) => (exited = code))
  child.unref()
  for (const deadline = Date.now() + timeoutMs; ; await sleep(20)) {
    const state = await readState(files.state)
    if (state && state.pid === child.pid) return state
    if (exited !== undefined || Date.now() > deadline) {
      if (exited === undefined) child.kill('SIGTERM')
      const log = await readFile(files.log, 'utf8').catch(() => '')
      throw new Error(`the shared Postgres server did not start (see ${files.log}):\n${log.split('\n').slice(-20).join('\n')}`)
    }
  }
}

export async function readState(file: string): Promise<SharedPostgresState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SharedPostgresState
  } catch {
    return undefined
  }
}

export async function touch(file: string): Promise<void> {
  const now = new Date()
  await utimes(file, now, now).catch(() => writeFile(file, ''))
}

/**
 * Runs `critical` while holding an exclusive lock file (it holds the owner's PID). A lock whose owner has died is
 * taken over; `timeoutMs` bounds the wait.
 */
export async function withLock<T>(lockFile: string, timeoutMs: number, critical: () => Promise<T>): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(10 + Math.random() * 20)) {
    try {
      const handle = await open(lockFile, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(await readFile(lockFile, 'utf8').catch(() => ''))
      // An empty file is a lock being written right now; a dead owner's lock is stale.
      if (owner && !isAlive(owner)) await rm(lockFile, { force: true })
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile} (held by PID ${owner || '?'})`)
    }
  }
  try {
    return await critical()
  } finally {
    await rm(lockFile, { force: true })
  }
}
