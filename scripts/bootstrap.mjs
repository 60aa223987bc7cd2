#!/usr/bin/env node
// Lets a machine with only Node 20 and npm run `npm start` / `npm test`: installs the workspace with the pinned
// pnpm on first use, then runs the real command. Plain JavaScript on purpose: nothing is installed yet.
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
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

// Installed: the workspace, the generated Prisma client, and the bundler (an install from before the bundle lacks it).
const installed = ['node_modules/.modules.yaml', 'packages/kit/src/db/generated/client.ts', 'packages/cli/node_modules/esbuild']
if (!installed.every((file) => existsSync(path.join(root, file)))) {
  const status = pnpm(['install', '--frozen-lockfile'])
  if (status !== 0) process.exit(status)
}

/**
 * `ctrmock up` from the bundled build (packages/cli/bundle.mjs), rebuilt first when a source is newer, and run in this
 * process: no second Node start, and Ctrl-C reaches the stack directly.
 */
async function start(args) {
  const { BUNDLE_DIR, ENTRY_FILE, buildBundle, bundleIsStale } = await import('../packages/cli/bundle.mjs')
  if (bundleIsStale()) {
    console.error('ctrmock: building the CLI bundle (packages/cli/dist: missing, or older than its sources)')
    await buildBundle().catch((error) => {
      // A build failure's errors are printed already, each with its file and line.
      if (!Array.isArray(error.errors)) console.error(error)
      process.exit(1)
    })
  }
  const entry = path.join(BUNDLE_DIR, ENTRY_FILE)
  process.argv = [process.argv[0], entry, 'up', ...args]
  await import(pathToFileURL(entry).href)
}

/**
 * tap generates its Test class for the plugins .taprc names (ours leaves out its ts-node and mock plugins, and their
 * loaders). A fresh install has the default set; tap notices and rebuilds, but the run that rebuilds still starts every
 * test process with the old set's loaders, ts-node and tsx both, which made a fresh clone's suite slower than either.
 * So the rebuild happens here, before the run, when the sets differ.
 */
function buildTapForItsPlugins(tap) {
  const configured = spawnSync(tap, ['plugin', 'list'], { cwd: root, encoding: 'utf8' })
  let built
  try {
    const fromTap = createRequire(realpathSync(path.join(root, 'node_modules/tap/package.json')))
    const testClass = path.join(path.dirname(fromTap.resolve('@tapjs/test/package.json')), 'test-built/dist/esm/index.js')
    built = /export const signature = `([^`]*)`/.exec(readFileSync(testClass, 'utf8'))?.[1]
  } catch {
    return 0 // tap laid out otherwise: its own rebuild still applies
  }
  const plugins = (list) => list.trim().split('\n').map((line) => line.trim()).filter(Boolean).sort().join('\n')
  if (configured.status !== 0 || built === undefined || plugins(configured.stdout) === plugins(built)) return 0
  return run(tap, ['build'])
}

/**
 * tap loads @tapjs/processinfo into every test process and every Node process those start (stacks, the bench), to
 * list the modules each loads, for coverage and `--changed`. Coverage is off (.taprc), so nothing reads the list; yet
 * keeping it read each module's source again and split it into lines on the main thread, and on Node 20 its loader
 * hooks, on their own thread, stood in front of every module a process loaded. Our patch of it
 * (patches/@tapjs__processinfo@3.1.12.patch) leaves a process alone under this variable.
 */
const PROCESSINFO_DISABLE = '_TAPJS_PROCESSINFO_DISABLE_'

/**
 * Builds the test files into plain JavaScript (scripts/build-tests.mjs, about a second) and runs tap on the build:
 * every test file .taprc includes, or the `.test.ts` files named in `args`; other arguments go to tap as they are.
 */
async function test(args) {
  const tap = path.join(root, 'node_modules/.bin/tap')
  const status = buildTapForItsPlugins(tap)
  if (status !== 0) return status
  const { buildTests } = await import('./build-tests.mjs')
  const isTestFile = (arg) => arg.endsWith('.test.ts')
  const named = args.filter(isTestFile).map((file) => path.relative(root, path.resolve(file)))
  const built = await buildTests(named.length > 0 ? named : undefined)
  process.env[PROCESSINFO_DISABLE] ??= '1'
  return run(tap, [...args.filter((arg) => !isTestFile(arg)), ...built.map((file) => path.relative(root, file))])
}

const [task, ...rest] = process.argv.slice(2)
const tasks = {
  start: () => start(rest),
  test: async () => process.exit(await test(rest)),
}
if (!tasks[task]) {
  console.error(`usage: bootstrap.mjs ${Object.keys(tasks).join('|')}`)
  process.exit(2)
}
await tasks[task]()
