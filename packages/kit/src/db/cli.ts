// Offline Prisma commands: generate (Wasm, no native engine), migrate (apply pending), migration <name> (author).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
const [command] = process.argv.slice(2)

if (command === 'generate') {
  // Prisma's CLI insists on a schema engine binary before it runs; generation itself runs in Wasm.
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' }
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate'], { cwd: root, env, stdio: 'inherit' })
  process.exit(result.status ?? 1)
} else {
  console.error(`unknown command: ${command ?? '(none)'}; use generate | migrate | migration <name>`)
  process.exit(2)
}
