// One release for the whole workspace: every package carries the root's version, `ctrmock --version` prints it and
// every service's /__mock/health reports it.
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { VERSION } from '@ctrmock/kit'
import { buildTinyService } from '../../packages/kit/test/control-plane/helper.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const versionOf = (dir: string): string => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version
const release = versionOf(root)

t.test('every workspace package carries the root version', async (t) => {
  const dirs = ['packages', 'services'].flatMap((group) => readdirSync(path.join(root, group)).map((name) => path.join(root, group, name)))
  for (const dir of dirs) t.equal(versionOf(dir), release, path.relative(root, dir))
})

t.test('`ctrmock --version` prints the release', async (t) => {
  const run = spawnSync(process.execPath, [path.join(root, 'packages/cli/bin/ctrmock.js'), '--version'], { encoding: 'utf8' })
  t.equal(run.status, 0)
  t.equal(run.stdout.trim(), release)
})

t.test('/__mock/health reports the release', async (t) => {
  t.equal(VERSION, release)
  const app = await buildTinyService(t)
  const health = (await app.inject('/__mock/health')).json()
  t.equal(health.version, release)
})
