// The detached process that owns the shared test Postgres (see shared-postgres.ts): it starts the server with settings
// for throwaway data, publishes its URL in the state file, and stops it after `idleMs` without clients or new users.
// Usage: node --import tsx shared-postgres-server.ts <dir> <idleMs>
import { readFileSync, rmSync } from 'node:fs'
import { rename, stat, writeFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { isAlive, postmasterPid, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts'
import { sharedPostgresFiles, testDatabasePattern, withLock, type SharedPostgresState } from './shared-postgres.ts'

const [dir, idleArg] = process.argv.slice(2)
if (!dir) throw new Error('usage: shared-postgres-server.ts <dir> <idleMs>')
const idleMs = Number(idleArg) || 30_000
const files = sharedPostgresFiles(dir)
const log = (message: string): void => void process.stdout.write(`${new Date().toISOString()} ${message}\n`)

// Throwaway data: durability off makes CREATE DATABASE and commits cheap.
const settings = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: 300 }

async function stopOrphan(): Promise<void> {
  // A postmaster left running by a server process that was killed (SIGKILL leaves Postgres behind).
  const pid = await postmasterPid(files.data)
  if (!pid) return
  log(`stopping orphaned postmaster ${pid}`)
  process.kill(pid, 'SIGINT')
  for (let waited = 0; isAlive(pid); waited += 20) {
    if (waited === 10_000) process.kill(pid, 'SIGQUIT')
    await sleep(20)
  }
}

async function start(): Promise<EmbeddedPostgres> {
  await stopOrphan()
  return startEmbeddedPostgres({ dataDir: files.data, port: 0, settings, onLog: (line) => process.stdout.write(line) })
}

async function clientCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
  )
  return rows[0]?.n ?? 0
}

/** Test databases left by test processes that died before their teardown. Only called when no client is connected. */
async function dropOrphanedTestDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [testDatabasePattern])
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`).catch(() => {})
  }
  if (rows.length) log(`dropped ${rows.length} orphaned test database(s)`)
}

const server = await start()
const monitor = new pg.Client({ connectionString: server.url })
monitor.on('error', () => {})
await monitor.connect()
// The process that started us holds the lock until the state file appears, so nobody else is using the server yet.
await dropOrphanedTestDatabases(monitor)

const state: SharedPostgresState = { pid: process.pid, port: server.port, url: server.url }
await writeFile(`${files.state}.tmp`, JSON.stringify(state))
await rename(`${files.state}.tmp`, files.state)
log(`ready on port ${server.port}; stops after ${idleMs} ms idle`)

/** Removes the state file if it is ours: a successor may already have written its own. */
function removeOwnState(): void {
  try {
    if ((JSON.parse(readFileSync(files.state, 'utf8')) as SharedPostgresState).pid === process.pid) rmSync(files.state)
  } catch {}
}
process.on('exit', removeOwnState)

async function idleSince(lastActive: number): Promise<number> {
  const lease = (await stat(files.lease).catch(() => undefined))?.mtimeMs ?? 0
  return Date.now() - Math.max(lastActive, lease)
}

// Stop on request (stopSharedPostgres sends SIGTERM) as on idleness.
let stopRequested = false
const wake = new AbortController()
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    stopRequested = true
    wake.abort()
  })
}

let lastActive = Date.now()
try {
  // eslint-disable-next-line no-unmodified-loop-condition -- the signal handlers above set it
  while (!stopRequested) {
    await sleep(Math.min(1000, idleMs / 4), undefined, { signal: wake.signal }).catch(() => {})
    if (stopRequested) break
    if ((await clientCount(monitor)) > 0) lastActive = Date.now()
    if ((await idleSince(lastActive)) < idleMs) continue
    // Decide under the lock, so that no process finds the server between the decision and the shutdown.
    const stop = await withLock(files.lock, 60_000, async () => {
      if ((await clientCount(monitor)) > 0 || (await idleSince(lastActive)) < idleMs) return false
      await dropOrphanedTestDatabases(monitor)
      removeOwnState()
      return true
    })
    if (stop) break
    lastActive = Date.now()
  }
  log(stopRequested ? 'asked to stop' : 'idle: stopping')
} catch (error) {
  log(`monitor failed, stopping: ${(error as Error).message}`)
}
removeOwnState()
await monitor.end().catch(() => {})
await server.stop()
process.exit(0)
