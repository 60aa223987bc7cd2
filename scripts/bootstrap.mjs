#!/usr/bin/env node
// Lets a machine with only Node 20 and npm run `npm start` / `npm test`: installs the workspace with the pinned
// pnpm on first use, then runs the real command. Plain JavaScript on purpose: nothing is installed yet.
import { existsSync, readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
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

if (!existsSync(path.join(root, 'node_modules/.modules.yaml')) || !existsSync(path.join(root, 'packages/kit/src/db/generated/client.ts'))) {
  const status = pnpm(['install', '--frozen-lockfile'])
  if (status !== 0) process.exit(status)
}

const [task, ...rest] = process.argv.slice(2)
const tasks = {
  start: ['node', ['--import', 'tsx', 'packages/cli/src/main.ts', 'up', ...rest]],
  test: [path.join(root, 'node_modules/.bin/tap'), rest],
}
if (!tasks[task]) {
  console.error(`usage: bootstrap.mjs ${Object.keys(tasks).join('|')}`)
  process.exit(2)
}
process.exit(run(...tasks[task]))
