// The shared test server: parallel processes find one server, which stops by itself once nobody uses it.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { isAlive } from '../../src/db/embedded-postgres.ts'
import {
  ensureSharedPostgres,
  sharedPostgresFiles,
  stopSharedPostgres,
  type SharedPostgresState,
} from '../../src/db/shared-postgres.ts'
import { query } from './helper.ts'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const sharedPostgres = fileURLToPath(new URL('../../src/db/shared-postgres.ts', import.meta.url))

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) if (condition()) return true
  return condition()
}

t.test('parallel processes share one server, which stops once it has been idle', async (t) => {
  t.teardown(() => stopSharedPostgres(dir)) // should the idle stop fail: before testdir's own teardown
  const dir = t.testdir()
  const script = path.join(dir, 'find-server.ts')
  await writeFile(
    script,
    `import { ensureSharedPostgres } from ${JSON.stringify(sharedPostgres)}\n`
      + `console.log(JSON.stringify(await ensureSharedPostgres({ dir: ${JSON.stringify(dir)}, idleMs: 1500 })))\n`,
  )
  const run = promisify(execFile)
  const outputs = await Promise.all(
    [1, 2, 3, 4].map(() => run(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, NODE_OPTIONS: '' } })),
  )
  const states = outputs.map((output) => JSON.parse(output.stdout) as SharedPostgresState)
  t.equal(new Set(states.map((state) => state.pid)).size, 1, 'one server process')
  t.equal(new Set(states.map((state) => state.url)).size, 1, 'one URL')
  const [state] = states
  t.same(await query(state!.url, 'SELECT 1 AS ok'), [{ ok: 1 }])

  t.ok(await until(() => !isAlive(state!.pid), 20_000), 'stopped after being idle')
  t.notOk(existsSync(sharedPostgresFiles(dir).state), 'and withdrew its state file')
  await t.rejects(query(state!.url, 'SELECT 1'), /ECONNREFUSED/)
})

t.test('a stopped server is started again by its next user, on the same data', async (t) => {
  t.teardown(() => stopSharedPostgres(dir)) // registered before testdir's own teardown, so it runs first
  const dir = t.testdir()
  const first = await ensureSharedPostgres({ dir })
  await query(first.url, 'CREATE TABLE kept (id int)')
  t.same(await ensureSharedPostgres({ dir }), first, 'found while running')
  t.equal(await stopSharedPostgres(dir), true)
  t.notOk(isAlive(first.pid))

  const second = await ensureSharedPostgres({ dir })
  t.not(second.pid, first.pid)
  t.same(await query(second.url, 'SELECT count(*)::int AS n FROM kept'), [{ n: 0 }], 'same cluster')
})
