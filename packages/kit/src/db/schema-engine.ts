// Prisma's schema engine compiled to Wasm (@prisma/schema-engine-wasm), driven through a driver adapter, so migrations
// need no native engine binary. The package's own entry imports the .wasm file as an ES module, which Node 20 cannot do
// without a flag; we instantiate it ourselves with the package's JS glue, exactly as its entry would.
import { readFile, readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { compileWasmWithBaselineOnly } from './wasm-baseline.ts'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type { MigrationList, SchemaContainer, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm'

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg')

let bindings: Promise<Bindings> | undefined

/** Loads and instantiates the Wasm module once per process. */
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Bindings & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void
    }
    const require = createRequire(import.meta.url)
    const wasmFile = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm')
    compileWasmWithBaselineOnly()
    const module = await WebAssembly.compile(await readFile(wasmFile))
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': withUnrefTimers(glue as unknown as WebAssembly.ModuleImports) })
    glue.__wbg_set_wasm(instance.exports)
    ;(instance.exports.__wbindgen_start as () => void)()
    return glue
  })()
  return bindings
}

/**
 * The engine arms a 10 s timer for each operation and never clears it, which kept a process that ends on its own (a
 * test file, a script using kit) running 10 s after its last call; the db CLI exits explicitly. Unref'd, the timers
 * still fire in a process that lives on.
 */
function withUnrefTimers(glue: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const imports = { ...glue }
  for (const [name, value] of Object.entries(glue)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue
    imports[name] = (...args: unknown[]) => {
      const timer = (value as (...a: unknown[]) => { unref?: () => void } | undefined)(...args)
      timer?.unref?.()
      return timer
    }
  }
  return imports
}

export const noSchemaFilter: SchemaFilter = { externalTables: [], externalEnums: [] }

export interface EngineOptions {
  /** Prisma schema files ([path, content]); only needed by commands that read the schema's datasource. */
  datamodels?: SchemaContainer[]
  /** Receives the engine's log lines (JSON strings). */
  log?: (line: string) => void
}

/** Runs `use` with a schema engine connected through `factory`, and frees the engine afterwards. */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  options: EngineOptions,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadBindings()
  const datamodels = options.datamodels?.map((file): [string, string] => [file.path, file.content])
  const engine = await SchemaEngine.new({ datamodels }, options.log ?? (() => {}), bindMigrationAwareSqlAdapterFactory(factory))
  try {
    return await use(engine)
  } finally {
    engine.free()
  }
}

export const migrationLockFile = 'migration_lock.toml'

/**
 * Reads a migrations folder the way Prisma's CLI does before calling the engine: every sub-folder is a migration with a
 * migration.sql (or an error in its place), sorted by name; the lock file may be absent.
 */
export async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  const lockContent = await readFile(path.join(migrationsDir, migrationLockFile), 'utf8').catch(() => null)
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => [])
  const migrationDirectories: MigrationList['migrationDirectories'] = []
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const content = await readFile(path.join(migrationsDir, entry.name, 'migration.sql'), 'utf8').then(
      (value) => ({ tag: 'ok' as const, value }),
      (error: Error) => ({ tag: 'error' as const, value: error.message }),
    )
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } })
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path))
  return {
    baseDir: migrationsDir,
    lockfile: { path: migrationLockFile, content: lockContent },
    migrationDirectories,
    shadowDbInitScript: '',
  }
}

/** Reads every .prisma file under `prismaDir` (recursively, as Prisma's multi-file loader does), skipping migrations. */
export async function readSchemaFiles(prismaDir: string): Promise<SchemaContainer[]> {
  const files: SchemaContainer[] = []
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'migrations' && entry.name !== 'node_modules') await walk(full)
      else if (entry.isFile() && entry.name.endsWith('.prisma')) files.push({ path: full, content: await readFile(full, 'utf8') })
    }
  }
  await walk(prismaDir)
  if (files.length === 0) throw new Error(`no .prisma file in ${prismaDir}`)
  return files
}
