// Databases on a Postgres server: create one if missing, bring it to the latest migration, open a Prisma client on it.
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from './generated/client.ts'
import { applyMigrations, type ApplyMigrationsOptions } from './migrations.ts'
import { compileWasmWithBaselineOnly } from './wasm-baseline.ts'

/** The URL of database `name` on the server that `url` points at (credentials, host, port and parameters kept). */
export function databaseUrl(url: string, name: string): string {
  const target = new URL(url)
  target.pathname = `/${encodeURIComponent(name)}`
  return target.toString()
}

/** The database name in a connection URL. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  if (!name) throw new Error('the database URL names no database')
  return name
}

/** Runs `use` on one connection to the server's maintenance database (`postgres`). */
export async function withServerConnection<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') })
  client.on('error', () => {}) // a connection dropped by the server surfaces through the pending query instead
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Quotes an identifier for SQL (database names are not parameters). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Creates database `dbName` on the server at `serverUrl` unless it exists. Safe when several processes race: the loser's
 * CREATE DATABASE fails with duplicate_database (or a unique violation on pg_database), which counts as "exists".
 */
export async function ensureDatabase(serverUrl: string, dbName: string): Promise<{ created: boolean }> {
  return withServerConnection(serverUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])
    if (existing.rowCount) return { created: false }
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(dbName)}`)
      return { created: true }
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === '42P04' || code === '23505') return { created: false }
      throw error
    }
  })
}

/** Drops database `dbName` if it exists, disconnecting whoever is still on it. */
export async function dropDatabase(serverUrl: string, dbName: string): Promise<void> {
  await withServerConnection(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(dbName)} WITH (FORCE)`))
}

/** Creates the database of `url` if missing, then applies pending migrations: what a service does before it listens. */
export async function prepareDatabase(
  url: string,
  options: ApplyMigrationsOptions = {},
): Promise<{ created: boolean; applied: string[] }> {
  const { created } = await ensureDatabase(url, databaseName(url))
  const { applied } = await applyMigrations(url, options)
  return { created, applied }
}

export interface PrismaClientOptions {
  /** Connections in the pool (default 5; env DATABASE_POOL_SIZE overrides the default). */
  poolSize?: number
  /** Milliseconds to wait for a free connection before failing (default 10 000). */
  connectionTimeoutMs?: number
}

const PREPARED_STATEMENTS = 500

/**
 * Names for the statements Prisma's pg adapter sends, one per distinct SQL text, so that each connection parses and
 * plans a statement once (BENCHMARKS.md, "Every request"); texts past the first few hundred go unnamed, which bounds
 * what every connection keeps prepared.
 */
function preparedStatementNames(): (query: { sql: string }) => string {
  const names = new Map<string, string>()
  return ({ sql }) => {
    let name = names.get(sql)
    if (name === undefined && names.size < PREPARED_STATEMENTS) names.set(sql, name = `ctrmock_${names.size}`)
    return name as string
  }
}

/**
 * The node-postgres pool under the Prisma client. A connection the server ends (pg_terminate_backend, a database
 * dropped WITH (FORCE), a restart) is an 'error' event, which would end the process without a listener: idle, the
 * pool's, which drops it; held by a caller, the connection's own, and that caller's next statement fails instead.
 */
export function connectionPool(url: URL, options: { max: number; connectionTimeoutMs: number; schema?: string | undefined }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Raw statements see the schema Prisma's queries name.
    ...(options.schema ? { options: `-c search_path="${options.schema.replace(/"/g, '""')}"` } : {}),
  })
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return pool
}

/** The generated Prisma client on `@prisma/adapter-pg` (node-postgres pool). Call `$disconnect()` to close the pool. */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const target = new URL(url)
  const schema = target.searchParams.get('schema') ?? undefined
  target.searchParams.delete('schema')
  const pool = connectionPool(target, {
    max: options.poolSize ?? (Number(process.env.DATABASE_POOL_SIZE) || 5), connectionTimeoutMs: options.connectionTimeoutMs ?? 10_000, schema,
  })
  const adapter = new PrismaPg(pool, {
    ...(schema ? { schema } : {}),
    disposeExternalPool: true,
    statementNameGenerator: preparedStatementNames(),
  })
  compileWasmWithBaselineOnly()
  // The default error format captures a stack trace on every query for a code frame no one here reads.
  return new PrismaClient({ adapter, errorFormat: 'minimal' })
}
