// Offline Prisma commands: generate (Wasm, no native engine), migrate (apply pending), migration <name> (author).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
const [command, ...args] = process.argv.slice(2)
const usage = 'use: generate | migrate | migration <name> [--draft] [--prisma-dir <dir>]'

/** The value after `--flag`, if given. */
function option(flag: string): string | undefined {
  const index = args.indexOf(flag)
  return index >= 0 ? args[index + 1] : undefined
}

/** The URL with its password hidden, for messages. */
function redact(url: string): string {
  const shown = new URL(url)
  if (shown.password) shown.password = '***'
  return shown.toString()
}

async function main(): Promise<number> {
  if (command === 'generate') {
    // Prisma's CLI insists on a schema engine binary before it runs; generation itself runs in Wasm.
    const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' }
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate'], { cwd: root, env, stdio: 'inherit' })
    return result.status ?? 1
  }

  if (command === 'migrate') {
    // The same default as prisma.config.ts: the embedded Postgres of `ctrmock up`.
    const url = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:7432/ctrmock'
    const { prepareDatabase } = await import('./database.ts')
    const { created, applied } = await prepareDatabase(url)
    if (created) console.log(`created database ${redact(url)}`)
    if (applied.length === 0) console.log(`no pending migration on ${redact(url)}`)
    for (const name of applied) console.log(`applied ${name}`)
    return 0
  }

  if (command === 'migration') {
    const prismaDirArg = option('--prisma-dir')
    const name = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--prisma-dir')
    if (!name) {
      console.error(`a migration needs a name; ${usage}`)
      return 2
    }
    const { createMigration } = await import('./migrations.ts')
    // --prisma-dir: author against another folder (schema files + migrations/), e.g. a scratch copy.
    const prismaDir = prismaDirArg ? path.resolve(process.env.INIT_CWD ?? process.cwd(), prismaDirArg) : undefined
    const created = await createMigration(name, { draft: args.includes('--draft'), prismaDir })
    if (!created) {
      console.log('no changes: the schema matches the migrations; nothing written')
      return 0
    }
    console.log(`created ${path.relative(process.env.INIT_CWD ?? process.cwd(), path.join(created.dir, 'migration.sql'))}`)
    return 0
  }

  console.error(`unknown command: ${command ?? '(none)'}; ${usage}`)
  return 2
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message)
    process.exit(1)
  },
)
