// Authoring migrations (`prisma migrate dev --create-only`) offline: Wasm schema engine, in-memory PGlite shadow.
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import t from 'tap'
import { ensureDatabase } from '../../src/db/database.ts'
import { applyMigrations, createMigration, lockFileContent, slugifyMigrationName } from '../../src/db/migrations.ts'
import { query, scratchDatabase, scratchPrismaDir } from './helper.ts'

const device = `model Device {
  id        String   @id
  name      String
  createdAt DateTime @default(now())

  @@index([name])
}
`

/** Makes every outbound connection and fetch fail while `run` runs: the Wasm engine can only reach out through JS. */
async function withoutNetwork<T>(run: () => Promise<T>): Promise<{ result: T; attempts: string[] }> {
  const attempts: string[] = []
  const connect = net.Socket.prototype.connect
  const fetch = globalThis.fetch
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts.push(JSON.stringify(args[0]))
    throw new Error('network is off in this test')
  } as typeof connect
  globalThis.fetch = (async (input: unknown) => {
    attempts.push(String(input))
    throw new Error('network is off in this test')
  }) as typeof fetch
  try {
    return { result: await run(), attempts }
  } finally {
    net.Socket.prototype.connect = connect
    globalThis.fetch = fetch
  }
}

/** The n-th second of the authoring session: folder names have one-second resolution. */
const second = (n: number) => new Date(Date.UTC(2026, 0, 2, 3, 4, n))

const migrationFolders = async (prismaDir: string): Promise<string[]> =>
  (await readdir(path.join(prismaDir, 'migrations'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()

t.test('authors the first migration, then one per schema change, with no network and no server', async (t) => {
  const prismaDir = await scratchPrismaDir(t, { 'device.prisma': device })

  const { result: init, attempts } = await withoutNetwork(() => createMigration('init', { prismaDir, now: second(0) }))
  t.same(attempts, [], 'nothing tried to connect anywhere')
  t.ok(init)
  t.equal(init?.name, '20260102030400_init', '<yyyymmddhhmmss>_<name> (UTC), as Prisma names folders')
  const initSql = await readFile(path.join(prismaDir, 'migrations', init!.name, 'migration.sql'), 'utf8')
  t.equal(initSql, init?.script)
  t.match(initSql, /-- CreateTable\nCREATE TABLE "Device" \(/)
  t.match(initSql, /CREATE INDEX "Device_name_idx" ON "Device"\("name"\);/)
  t.equal(await readFile(path.join(prismaDir, 'migrations', 'migration_lock.toml'), 'utf8'), lockFileContent('postgresql'))

  // A second change: only the difference lands in the new migration.
  await writeFile(path.join(prismaDir, 'device.prisma'), device.replace('  name      String\n', '  name      String\n  version   String?\n'))
  await appendFile(path.join(prismaDir, 'device.prisma'), '\nmodel DeviceEvent {\n  id       Int    @id @default(autoincrement())\n  deviceId String\n  device   Device @relation(fields: [deviceId], references: [id], onDelete: Cascade)\n}\n')
  await writeFile(path.join(prismaDir, 'device.prisma'), (await readFile(path.join(prismaDir, 'device.prisma'), 'utf8')).replace('  @@index([name])', '  events    DeviceEvent[]\n\n  @@index([name])'))
  const { result: change } = await withoutNetwork(() => createMigration('Add device version', { prismaDir, now: second(1) }))
  t.equal(change?.name, '20260102030401_add_device_version', 'the name is slugified as Prisma does')
  t.match(change?.script, /ALTER TABLE "Device" ADD COLUMN\s+"version" TEXT;/)
  t.match(change?.script, /CREATE TABLE "DeviceEvent"/)
  t.match(change?.script, /FOREIGN KEY \("deviceId"\) REFERENCES "Device"\("id"\) ON DELETE CASCADE/)
  t.notMatch(change?.script, /CREATE TABLE "Device" \(/, 'the first migration is not repeated')

  t.equal(await createMigration('nothing', { prismaDir, now: second(2) }), null, 'no change: nothing written')
  t.same(await migrationFolders(prismaDir), [init!.name, change!.name].sort())

  // The authored history applies to a real server and yields the schema.
  const db = await scratchDatabase(t)
  await ensureDatabase(db.serverUrl, db.name)
  t.same(await applyMigrations(db.url, { migrationsDir: path.join(prismaDir, 'migrations') }), { applied: [init!.name, change!.name] })
  const columns = await query<{ column_name: string }>(db.url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'Device' ORDER BY column_name")
  t.same(columns.map((c) => c.column_name), ['createdAt', 'id', 'name', 'version'])
})

t.test('a destructive change carries Prisma\'s warning; a draft is written even without a change', async (t) => {
  const prismaDir = await scratchPrismaDir(t, { 'device.prisma': device })
  const init = await createMigration('init', { prismaDir, now: second(0) })
  await writeFile(path.join(prismaDir, 'device.prisma'), device.replace('  createdAt DateTime @default(now())\n', ''))
  const drop = await createMigration('drop created at', { prismaDir, now: second(1) })
  t.match(drop?.script, /Warnings:[\s\S]*You are about to drop the column `createdAt` on the `Device` table/)
  t.match(drop?.script, /ALTER TABLE "Device" DROP COLUMN "createdAt";/)
  t.not(drop?.name, init?.name)

  const draft = await createMigration('seed lookup rows', { prismaDir, draft: true, now: second(2) })
  t.match(draft?.name, /_seed_lookup_rows$/, 'a folder to hold hand-written SQL')
  t.match(draft?.script, /empty migration/)
})

t.test('names are slugified like the Prisma CLI does, and an empty name is refused', async (t) => {
  t.equal(slugifyMigrationName('control_plane'), 'control_plane')
  t.equal(slugifyMigrationName('Add deviceVersion!'), 'add_device_version')
  t.equal(slugifyMigrationName('  Région  EU '), 'region_eu')
  await t.rejects(createMigration('!!!', { prismaDir: t.testdir() }), /invalid migration name/)
})
