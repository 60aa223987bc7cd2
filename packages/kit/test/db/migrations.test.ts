// Applying migrations (`prisma migrate deploy` through the Wasm schema engine) to a real Postgres.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { ensureDatabase, prepareDatabase } from '../../src/db/database.ts'
import { applyMigrations, defaultMigrationsDir, defaultPrismaDir, createMigration } from '../../src/db/migrations.ts'
import { readMigrationsList } from '../../src/db/schema-engine.ts'
import { addMigrations, copyOfRepositoryPrisma, query, scratchDatabase, scratchMigrationsDir } from './helper.ts'

const first = '20240101000000_first'
const second = '20240102000000_second'
const firstSql = 'CREATE TABLE "Thing" ("id" TEXT NOT NULL, CONSTRAINT "Thing_pkey" PRIMARY KEY ("id"));\n'
const secondSql = 'ALTER TABLE "Thing" ADD COLUMN "name" TEXT;\n'

interface MigrationRow {
  migration_name: string
  checksum: string
  finished_at: Date | null
  rolled_back_at: Date | null
  logs: string | null
  applied_steps_count: number
}

t.test('a fresh database gets every migration, recorded in _prisma_migrations as Prisma records them', async (t) => {
  const migrationsDir = await scratchMigrationsDir(t, { [second]: secondSql, [first]: firstSql })
  const db = await scratchDatabase(t)
  t.same(await ensureDatabase(db.serverUrl, db.name), { created: true })

  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length
  const timersBefore = timers()
  t.same(await applyMigrations(db.url, { migrationsDir }), { applied: [first, second] }, 'applied in name order')
  t.ok(timers() <= timersBefore, 'no timer left to hold the process open (a test file or script that migrates ends when done)')

  const rows = await query<MigrationRow>(db.url, 'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name')
  t.same(rows.map((row) => row.migration_name), [first, second])
  for (const [row, sql] of [[rows[0], firstSql], [rows[1], secondSql]] as const) {
    t.equal(row?.checksum, createHash('sha256').update(sql).digest('hex'), 'checksum is the SHA-256 of the script')
    t.ok(row?.finished_at, 'finished')
    t.equal(row?.rolled_back_at, null)
    t.equal(row?.logs, null)
    t.equal(row?.applied_steps_count, 1)
  }
  t.same(await query(db.url, 'SELECT id, name FROM "Thing"'), [], 'the schema is there')
})

t.test('applying again applies nothing and leaves the history as it was', async (t) => {
  const migrationsDir = await scratchMigrationsDir(t, { [first]: firstSql })
  const db = await scratchDatabase(t)
  await ensureDatabase(db.serverUrl, db.name)
  t.same(await applyMigrations(db.url, { migrationsDir }), { applied: [first] })
  t.same(await applyMigrations(db.url, { migrationsDir }), { applied: [] })

  await addMigrations(migrationsDir, { [second]: secondSql })
  t.same(await applyMigrations(db.url, { migrationsDir }), { applied: [second] }, 'only the new migration')
  t.same(await applyMigrations(db.url, { migrationsDir }), { applied: [] })
  const rows = await query<MigrationRow>(db.url, 'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name')
  t.same(rows.map((row) => row.migration_name), [first, second], 'one row per migration')
})

t.test('a migration that fails is reported and recorded as failed, like migrate deploy', async (t) => {
  const migrationsDir = await scratchMigrationsDir(t, { [first]: firstSql, [second]: 'ALTER TABLE "Nothing" ADD COLUMN "x" TEXT;\n' })
  const db = await scratchDatabase(t)
  await ensureDatabase(db.serverUrl, db.name)
  await t.rejects(applyMigrations(db.url, { migrationsDir }), /Nothing/)
  const rows = await query<MigrationRow>(db.url, 'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name')
  t.equal(rows.length, 2)
  t.ok(rows[0]?.finished_at, 'the first one succeeded')
  t.equal(rows[1]?.finished_at, null, 'the second one is left failed')
})

t.test('prepareDatabase creates the database and migrates it, also when several processes race', async (t) => {
  const migrationsDir = await scratchMigrationsDir(t, { [first]: firstSql, [second]: secondSql })
  const db = await scratchDatabase(t)
  const results = await Promise.all([1, 2, 3].map(() => prepareDatabase(db.url, { migrationsDir })))
  t.equal(results.filter((result) => result.created).length, 1, 'created once')
  t.same(results.flatMap((result) => result.applied).sort(), [first, second], 'each migration applied once')
  t.same(await prepareDatabase(db.url, { migrationsDir }), { created: false, applied: [] })
})

t.test("the repository's migrations apply to a fresh database", async (t) => {
  const list = await readMigrationsList(defaultMigrationsDir)
  t.ok(list.migrationDirectories.length > 0, 'prisma/migrations has migrations')
  t.match(await readFile(path.join(defaultMigrationsDir, 'migration_lock.toml'), 'utf8'), /provider = "postgresql"/)
  const db = await scratchDatabase(t)
  const { created, applied } = await prepareDatabase(db.url)
  t.ok(created)
  t.same(applied, list.migrationDirectories.map((migration) => migration.path))
})

t.test("the repository's migrations match its Prisma schema (no migration is missing)", async (t) => {
  const prismaDir = await copyOfRepositoryPrisma(t, defaultPrismaDir)
  const pending = await createMigration('pending_changes', { prismaDir })
  t.equal(pending?.script ?? null, null, 'run `pnpm db:migration <name>` after changing prisma/*.prisma')
})
