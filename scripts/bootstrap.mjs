#!/usr/bin/env node
// Lets a machine with only Node 20 and npm run `npm start` / `npm test`: installs the workspace with the pinned
// pnpm on first use, then runs the real command. Plain JavaScript on purpose: nothing is installed yet.
import { existsSync, readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const pnpmVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.error) throw result.error
  return result.status ?? 1
}

function pnpm(args) {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0 && probe.stdout.trim() === pnpmVersion) return run('pnpm', args)
  return run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args])
}

// Installed: the workspace and the Prisma client its postinstall generates.
if (!['node_modules/.modules.yaml', 'packages/kit/src/db/generated/client.ts'].every((file) => existsSync(path.join(root, file)))) {
  const status = pnpm(['install', '--frozen-lockfile'])
  if (status !== 0) process.exit(status)
}

/** `pnpm build`, then `ctrmock up` from the build in this process: Ctrl-C reaches the stack directly. */
async function start(args) {
  const { buildBundle } = await import('../packages/cli/bundle.mjs')
  const entry = await buildBundle().catch((error) => {
    // esbuild printed each error with its file and line already.
    if (!Array.isArray(error.errors)) console.error(error)
    process.exit(1)
  })
  process.argv = [process.argv[0], entry, 'up', ...args]
  await import(pathToFileURL(entry).href)
}

const [task, ...rest] = process.argv.slice(2)
const tasks = {
  start: () => start(rest),
  test: () => process.exit(run(path.join(root, 'node_modules/.bin/tap'), rest)),
}
if (!tasks[task]) {
  console.error(`usage: bootstrap.mjs ${Object.keys(tasks).join('|')}`)
  process.exit(2)
}
await tasks[task]()
