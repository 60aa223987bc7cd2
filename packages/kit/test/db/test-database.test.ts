// createTestDatabase: a fresh migrated database per call, cloned from a template, dropped on teardown.
import t from 'tap'
import { createTestDatabase, testServerUrl } from '../../src/testing/database.ts'
import { readMigrationsList } from '../../src/db/schema-engine.ts'
import { defaultMigrationsDir } from '../../src/db/migrations.ts'
import { query, scratchMigrationsDir } from './helper.ts'

const databaseExists = async (name: string): Promise<boolean> =>
  (await query(await testServerUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1

t.test('each test database is migrated, and isolated from the others', async (t) => {
  const a = await createTestDatabase(t)
  const b = await createTestDatabase(t)
  t.not(a.url, b.url)
  const expected = (await readMigrationsList(defaultMigrationsDir)).migrationDirectories.map((m) => m.path)
  const applied = await a.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name')
  t.same(applied.map((row) => row.migration_name), expected, "the repository's migrations are applied")

  await a.prisma.mockFault.create({ data: { id: 'f1', pathPattern: '/x', actionType: 'error' } })
  t.equal(await a.prisma.mockFault.count(), 1)
  t.equal(await b.prisma.mockFault.count(), 0, 'a write to one database is invisible in another')
})

t.test('the database is dropped when its test ends', async (t) => {
  let name = ''
  await t.test('a test using a database', async (t) => {
    const db = await createTestDatabase(t)
    name = db.name
    t.ok(await databaseExists(name))
  })
  t.notOk(await databaseExists(name), `${name} is gone`)
})

t.test('a new migration gives a new template, and databases made from it have the new table', async (t) => {
  const first = { '20240101000000_first': 'CREATE TABLE "One" ("id" INTEGER PRIMARY KEY);\n' }
  const before = await createTestDatabase(t, { migrationsDir: await scratchMigrationsDir(t, first) })
  t.same(await query(before.url, 'SELECT count(*)::int AS n FROM "One"'), [{ n: 0 }])
  await t.rejects(query(before.url, 'SELECT 1 FROM "Two"'), /does not exist/)

  // The same history plus one migration (in a folder of its own: this process caches the template per folder).
  const second = { ...first, '20240102000000_second': 'CREATE TABLE "Two" ("id" INTEGER PRIMARY KEY);\n' }
  const after = await createTestDatabase(t, { migrationsDir: await scratchMigrationsDir(t, second) })
  t.same(await query(after.url, 'SELECT count(*)::int AS n FROM "Two"'), [{ n: 0 }])
})

t.test('once the template exists, each database is a copy of it, not migrated again', async (t) => {
  const migratedAt = async (url: string) => query(url, 'SELECT migration_name, started_at::text FROM _prisma_migrations ORDER BY migration_name')
  const first = await createTestDatabase(t)
  const second = await createTestDatabase(t)
  const history = await migratedAt(first.url)
  t.ok(history.length > 0)
  t.same(await migratedAt(second.url), history, 'the same migration history, to the microsecond: copied, not applied again')
})
