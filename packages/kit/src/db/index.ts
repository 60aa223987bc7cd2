// @ctrmock/kit/db: the Prisma client and its types, database preparation, migrations, the embedded Postgres launcher.
export { PrismaClient, Prisma } from './generated/client.ts'
export type * from './generated/client.ts'
export {
  createPrismaClient,
  databaseName,
  databaseUrl,
  dropDatabase,
  ensureDatabase,
  prepareDatabase,
  type PrismaClientOptions,
} from './database.ts'
export {
  applyMigrations,
  createMigration,
  defaultMigrationsDir,
  defaultPrismaDir,
  migrationsFingerprint,
  type ApplyMigrationsOptions,
  type CreateMigrationOptions,
  type CreatedMigration,
} from './migrations.ts'
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres.ts'
export { isAlive, postmasterPid, stopLeftServer } from './embedded-postgres.ts'
export { DataDirInUse, describeOwner, ownerAlive, readOwner, type DataDirClaim, type OwnerRecord } from './data-dir-owner.ts'
