// Prisma Migrate without native engines: `applyMigrations` is `prisma migrate deploy`, `createMigration` is
// `prisma migrate dev --create-only`. Both run Prisma's own schema engine (Wasm), so the SQL, the folder names and the
// `_prisma_migrations` rows are the ones Prisma writes, and real `prisma migrate deploy` accepts the result later.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import type { MigrationList } from '@prisma/schema-engine-wasm'
import {
  migrationLockFile,
  noSchemaFilter,
  readMigrationsList,
  readSchemaFiles,
  withSchemaEngine,
} from './schema-engine.ts'

/**
 * The repository's `prisma/` folder (schema files and `migrations/`): the nearest one above this module, so the lookup
 * holds wherever this code runs from (its source under packages/kit, or the CLI's bundle under packages/cli/dist).
 */
export const defaultPrismaDir = findPrismaDir(path.dirname(fileURLToPath(import.meta.url)))
export const defaultMigrationsDir = path.join(defaultPrismaDir, 'migrations')

// A few stats at import. With none above, the source layout's place: reading it then fails naming that path, while
// importing kit for a command that never migrates still works.
function findPrismaDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'prisma/schema.prisma'))) return path.join(dir, 'prisma')
    if (path.dirname(dir) === dir) return path.resolve(from, '../../../../prisma')
  }
}

export interface ApplyMigrationsOptions {
  /** Defaults to the repository's `prisma/migrations`. */
  migrationsDir?: string
  /** Receives the schema engine's log lines (JSON). */
  log?: (line: string) => void
}

/**
 * Applies the pending migrations of `migrationsDir` to the database at `databaseUrl` (which must exist), recording them
 * in `_prisma_migrations` as `prisma migrate deploy` does. Applying twice is a no-op. Concurrent callers are serialised
 * by the engine's advisory lock.
 */
export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationsList(options.migrationsDir ?? defaultMigrationsDir)
  // One connection: the engine's advisory lock and the migration scripts must share a session.
  const { connectionString, schema } = splitSchemaParam(databaseUrl)
  const pool = new pg.Pool({ connectionString, max: 1 })
  pool.on('error', () => {}) // an idle client dropped by the server must not crash the process
  try {
    // The everyday start has nothing to apply, and one query says so without loading the schema engine.
    if (await everyMigrationApplied(pool, migrationsList, schema)) return { applied: [] }
    const factory = new PrismaPg(pool, schema ? { schema } : undefined)
    const output = await withSchemaEngine(factory, { log: options.log }, (engine) =>
      engine.applyMigrations({ migrationsList, filters: noSchemaFilter }),
    )
    return { applied: output.appliedMigrationNames }
  } finally {
    await pool.end()
  }
}

/**
 * True when `_prisma_migrations` records every local migration as finished, unchanged (same checksum: the SHA-256 of
 * its script, as Prisma computes it) and not rolled back, and no migration as failed: `migrate deploy` would do
 * nothing. Anything else (no table yet, a new or edited migration, a failed one) goes to the engine, which decides.
 */
async function everyMigrationApplied(pool: pg.Pool, list: MigrationList, schema: string | undefined): Promise<boolean> {
  const scripts = list.migrationDirectories.map((d) => ({ name: d.path, content: d.migrationFile.content }))
  if (scripts.some((s) => s.content.tag !== 'ok')) return false
  const table = schema ? `"${schema.replaceAll('"', '""')}"._prisma_migrations` : '_prisma_migrations'
  let rows: Array<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>
  try {
    rows = (await pool.query(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${table}`)).rows
  } catch {
    return false
  }
  if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return false
  const applied = new Map(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]))
  return scripts.every((s) => applied.get(s.name) === createHash('sha256').update(s.content.value).digest('hex'))
}

export interface CreateMigrationOptions {
  /** The folder holding the schema files and `migrations/`; defaults to the repository's `prisma/`. */
  prismaDir?: string
  /** Write a migration even when the schema has not changed (an empty script to fill by hand), like `--create-only` on a clean schema would not. */
  draft?: boolean
  /** The time the folder name carries (`<yyyymmddhhmmss>`, UTC, as Prisma names it); now by default. */
  now?: Date
  log?: (line: string) => void
}

export interface CreatedMigration {
  /** The folder name, `<yyyymmddhhmmss>_<name>`. */
  name: string
  /** Absolute path of the new folder. */
  dir: string
  script: string
}

/**
 * Authors a migration from (existing migrations → current schema), as `prisma migrate dev --create-only --name <name>`
 * does: the existing migrations are replayed on an in-memory PGlite shadow database, the engine diffs that against the
 * schema files, and the SQL lands in `migrations/<timestamp>_<name>/migration.sql` with `migration_lock.toml` beside it.
 * Returns null and writes nothing when the schema matches the migrations. Needs no network and no server.
 */
export async function createMigration(name: string, options: CreateMigrationOptions = {}): Promise<CreatedMigration | null> {
  const migrationName = slugifyMigrationName(name)
  if (!migrationName) throw new Error(`invalid migration name: ${JSON.stringify(name)}`)
  const prismaDir = options.prismaDir ?? defaultPrismaDir
  const migrationsDir = path.join(prismaDir, 'migrations')
  const [files, migrationsList] = await Promise.all([readSchemaFiles(prismaDir), readMigrationsList(migrationsDir)])

  // The engine's "dev database" and every shadow database it asks for are in-memory PGlite instances, each started
  // from one empty data dir kept for the process (booting PGlite runs initdb; starting from a copy skips it).
  const { PrismaPGlite } = await import('pglite-prisma-adapter')
  const pgliteAdapter = (instance: PGlite): Promise<SqlDriverAdapter> =>
    // pglite-prisma-adapter is built against an older @prisma/driver-adapter-utils; the adapter contract is the same.
    new PrismaPGlite(instance).connect() as unknown as Promise<SqlDriverAdapter>
  const template = await emptyPgliteTemplate()
  const instances: PGlite[] = []
  const freshDatabase = async (): Promise<PGlite> => {
    const instance = await template.start()
    instances.push(instance)
    return instance
  }
  const devDatabase = await freshDatabase()
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pglite',
    connect: () => pgliteAdapter(devDatabase),
    connectToShadowDb: async () => pgliteAdapter(await freshDatabase()),
  }
  try {
    const output = await withSchemaEngine(factory, { datamodels: files, log: options.log }, async (engine) => {
      // This is `migrate dev` on a dev database that is up to date: apply the history to it, then ask for the
      // diagnostic, which replays the applied history on a shadow database (failing on a broken migration) and caches
      // the resulting schema; createMigration diffs the schema files against that cached schema. On Wasm, this is the
      // only path by which the engine reaches a shadow database (its createMigration alone refuses to make one).
      await engine.applyMigrations({ migrationsList, filters: noSchemaFilter })
      const diagnostic = await engine.devDiagnostic({ migrationsList, filters: noSchemaFilter })
      if (diagnostic.action.tag === 'reset') throw new Error(`the migration history needs a reset: ${diagnostic.action.reason}`)
      return engine.createMigration({
        draft: options.draft ?? false,
        migrationName,
        migrationsList,
        schema: { files },
        filters: noSchemaFilter,
      })
    })
    if (output.migrationScript === null) return null
    const folder = `${(options.now ?? new Date()).toISOString().replace(/\D/g, '').slice(0, 14)}_${migrationName}`
    const dir = path.join(migrationsDir, folder)
    await mkdir(dir, { recursive: true })
    await writeFile(path.join(dir, `migration.${output.extension}`), output.migrationScript, { flag: 'wx' })
    await writeFile(path.join(migrationsDir, migrationLockFile), lockFileContent(output.connectorType))
    return { name: folder, dir, script: output.migrationScript }
  } finally {
    await Promise.all(instances.map((instance) => instance.close().catch(() => {})))
  }
}

/** The data dir as PGlite reads it: the same bytes for every start, handed over without copying them each time. */
class DataDirBlob extends Blob {
  readonly #bytes: ArrayBuffer
  constructor(bytes: ArrayBuffer) {
    super([bytes])
    this.#bytes = bytes
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes)
  }
}

interface PgliteTemplate {
  /** A new in-memory PGlite holding an empty database. */
  start(): Promise<PGlite>
}

let emptyTemplate: Promise<PgliteTemplate> | undefined

/**
 * What every empty PGlite of this process starts from: the data dir initdb made once, the compiled Wasm module and the
 * file-system bundle, so that a start only unpacks the data dir; a schema diff needs few shared buffers.
 */
function emptyPgliteTemplate(): Promise<PgliteTemplate> {
  emptyTemplate ??= (async () => {
    const { PGlite } = await import('@electric-sql/pglite')
    const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
    const [wasm, bundle] = await Promise.all([readFile(path.join(dist, 'pglite.wasm')), readFile(path.join(dist, 'pglite.data'))])
    const options = {
      pgliteWasmModule: await WebAssembly.compile(wasm),
      fsBundle: new Blob([bundle]),
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'],
    }
    const booted = await PGlite.create(options)
    const loadDataDir = new DataDirBlob(await (await booted.dumpDataDir('none')).arrayBuffer())
    await booted.close()
    return { start: () => PGlite.create({ ...options, loadDataDir }) }
  })()
  emptyTemplate.catch(() => (emptyTemplate = undefined))
  return emptyTemplate
}

/** The lock file exactly as Prisma writes it. */
export function lockFileContent(provider: string): string {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`
}

/**
 * Prisma's CLI slugifies `--name` (separator `_`, lower case, camelCase split) and cuts it at 200 characters.
 * This covers the same ground for ASCII names and strips accents from others.
 */
export function slugifyMigrationName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1 $2')
    .toLowerCase()
    .replace(/([a-z\d]+)'([ts])(\s|$)/g, '$1$2$3')
    .replace(/[^a-z\d]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .substring(0, 200)
}

/** A short digest of the migrations folder's contents: it changes whenever a migration is added or edited. */
export async function migrationsFingerprint(migrationsDir: string = defaultMigrationsDir): Promise<string> {
  const list = await readMigrationsList(migrationsDir)
  const hash = createHash('sha256')
  for (const migration of list.migrationDirectories) {
    hash.update(`${migration.path}\0${migration.migrationFile.content.tag}\0${migration.migrationFile.content.value}\0`)
  }
  return hash.digest('hex')
}

/** Prisma's `?schema=` URL parameter selects a Postgres schema; node-postgres does not understand it. */
function splitSchemaParam(databaseUrl: string): { connectionString: string; schema?: string } {
  const url = new URL(databaseUrl)
  const schema = url.searchParams.get('schema') ?? undefined
  url.searchParams.delete('schema')
  return { connectionString: url.toString(), schema }
}
