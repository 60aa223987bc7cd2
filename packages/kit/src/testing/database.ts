// A fresh, migrated database for each test (file), cloned from a template database (far quicker than migrating) and
// dropped on teardown. The server is DATABASE_URL's when set (CI, compose), else one embedded Postgres shared by every
// process of the test run.
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createPrismaClient,
  databaseUrl,
  dropDatabase,
  quoteIdentifier,
  withServerConnection,
} from '../db/database.ts'
import type { PrismaClient } from '../db/generated/client.ts'
import { applyMigrations, defaultMigrationsDir, migrationsFingerprint } from '../db/migrations.ts'
import { ensureSharedPostgres, testDatabasePrefix } from '../db/shared-postgres.ts'

/** What tap's `t` offers that we need (any test object with a teardown hook will do). */
export interface TeardownHost {
  teardown(fn: () => unknown): void
}

export interface TestDatabaseOptions {
  /** Migrations the template is built from; defaults to the repository's `prisma/migrations`. */
  migrationsDir?: string
  /** Connections in the returned client's pool (default 3). */
  poolSize?: number
}

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string
  /** Its name (ctrmock_test_<pid>_<time>_<random>). */
  name: string
  /** A Prisma client on it, disconnected on teardown. */
  prisma: PrismaClient
}

/** The folder of the shared embedded server: `.data/test-pg` at the repository root. */
export const sharedTestPostgresDir = fileURLToPath(new URL('../../../../.data/test-pg', import.meta.url))

let server: Promise<string> | undefined
const templates = new Map<string, Promise<string>>()

/** The maintenance-database URL of the server tests use. */
export function testServerUrl(): Promise<string> {
  server ??= (async () => {
    if (process.env.DATABASE_URL) return databaseUrl(process.env.DATABASE_URL, 'postgres')
    return (await ensureSharedPostgres({ dir: sharedTestPostgresDir })).url
  })()
  server.catch(() => (server = undefined))
  return server
}

/**
 * Creates a database migrated to the latest migration, with a Prisma client, both disposed by `t.teardown`.
 * Each call gives a new, empty database; call it once per test file or once per test, as isolation requires.
 */
export async function createTestDatabase(t: TeardownHost, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = await testServerUrl()
  const name = testDatabaseName()
  await createMigratedDatabase(serverUrl, name, options.migrationsDir)
  const url = databaseUrl(serverUrl, name)
  const prisma = createPrismaClient(url, { poolSize: options.poolSize ?? 3 })
  t.teardown(async () => {
    await prisma.$disconnect()
    await dropDatabase(serverUrl, name)
  })
  return { url, name, prisma }
}

/**
 * A name no other test takes, for one database or as the prefix of several; the shared server drops what carries it
 * when a test process died before its teardown.
 */
export function testDatabaseName(label = String(process.pid)): string {
  return `${testDatabasePrefix}${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
}

/** Creates database `name` on the server as a clone of the template holding every migration of `migrationsDir`. */
export async function createMigratedDatabase(serverUrl: string, name: string, migrationsDir = defaultMigrationsDir): Promise<void> {
  const dir = path.resolve(migrationsDir)
  const clone = async (): Promise<void> => {
    const template = await templateDatabase(serverUrl, dir)
    await withServerConnection(serverUrl, (client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`),
    )
  }
  await clone().catch((error: { code?: string }) => {
    // 3D000: the template vanished (dropped by a run with other migrations on the same server); build it again.
    if (error.code !== '3D000') throw error
    templates.delete(`${serverUrl}\0${dir}`)
    return clone()
  })
}

// Serialises template creation across processes (and machines) sharing the server. Any constant would do.
const templateLockKey = 0x63746d70 // "ctmp"

/**
 * The name of a template database holding exactly the migrations of `migrationsDir` (its name carries their digest),
 * created on first use; making one drops all but the five newest.
 */
function templateDatabase(serverUrl: string, migrationsDir: string): Promise<string> {
  const key = `${serverUrl}\0${migrationsDir}`
  let template = templates.get(key)
  if (!template) {
    template = buildTemplate(serverUrl, migrationsDir)
    templates.set(key, template)
    template.catch(() => templates.delete(key))
  }
  return template
}

async function buildTemplate(serverUrl: string, migrationsDir: string): Promise<string> {
  const name = `ctrmock_template_${(await migrationsFingerprint(migrationsDir)).slice(0, 16)}`
  return withServerConnection(serverUrl, async (client) => {
    const exists = async (): Promise<boolean> =>
      Boolean((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount)
    if (await exists()) return name
    await client.query('SELECT pg_advisory_lock($1)', [templateLockKey])
    try {
      if (await exists()) return name
      // Build under another name and rename when complete: a template that exists is always fully migrated, even if a
      // builder dies half-way.
      const building = `${name}_wip`
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`)
      await client.query(`CREATE DATABASE ${quoteIdentifier(building)}`)
      await applyMigrations(databaseUrl(serverUrl, building), { migrationsDir })
      await client.query(`ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(name)}`)
      // Nobody may connect to a template: CREATE DATABASE ... TEMPLATE fails while anyone is.
      await client.query(`ALTER DATABASE ${quoteIdentifier(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`)
      // Keep the newest few templates (another checkout or branch may be using one); drop older ones when unused.
      const stale = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'ctrmock\\_template\\_%' ORDER BY oid DESC OFFSET 5",
      )
      for (const { datname } of stale.rows) {
        await client
          .query(`ALTER DATABASE ${quoteIdentifier(datname)} WITH IS_TEMPLATE false`)
          .then(() => client.query(`DROP DATABASE ${quoteIdentifier(datname)}`))
          .catch(() => {}) // in use: leave it for next time
      }
      return name
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [templateLockKey]).catch(() => {})
    }
  })
}
