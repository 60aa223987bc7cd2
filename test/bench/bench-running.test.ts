// `pnpm bench --running` loads a deployment that is already up, by its base URLs, without starting or timing one.
// Here that deployment is this test's stack: its processes are this process, and its CTR keeps the real hourly rate
// limit, which a throughput run must refuse to measure (it would count 429s). Speed is not judged here.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { startTestStack } from '../helpers/stack.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

t.test('pnpm bench --running loads the services at the given base URLs', { timeout: 110_000 }, async (t) => {
  const { cloud } = await startTestStack(t)
  const dir = mkdtempSync(path.join(tmpdir(), 'ctrmock-bench-running-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const out = path.join(dir, 'results.json')
  const u = cloud.urls
  const argv = ['bench', '--running', '--only', 'health-ctr,ctr-inspect', '--duration', '1', '--warmup', '0', '--out', out,
    '--ctr-url', u.ctr, '--ctr-eu-url', u.ctrEu, '--sse-americas-url', u.sseAmericas, '--sse-europe-url', u.sseEurope,
    '--esa-url', u.esa, '--smtp-port', String(u.smtpPort)]
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('pnpm', argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.on('close', (exitCode) => resolve({ code: exitCode, output }))
  })
  t.equal(code, 0, output.slice(-3000))

  const results = JSON.parse(readFileSync(out, 'utf8'))
  t.same(results.deployment.urls, u, 'the deployment named by the flags')
  t.same(results.deployment.processes.map((p: { pid: number; services: string[] }) => ({ pid: p.pid, services: p.services })),
    [{ pid: process.pid, services: ['ctr', 'ctr-eu', 'sse-americas', 'sse-europe', 'esa'] }], 'one process serves all five: this one')
  t.ok(results.deployment.processes[0].rssMb > 0, 'its RSS before the load')
  t.same(results.coldStart, [], 'nothing started, nothing timed')
  t.ok(results.baseline.result.requestsPerSecond > 0, 'the baseline still runs on this machine')

  const health = results.workloads.find((w: { name: string }) => w.name === 'health-ctr')
  t.ok(health.result.requestsPerSecond > 0, 'CTR health was loaded')
  t.ok(health.result.cpu.node > 0, 'with the CPU of the process behind the URL')
  t.ok(health.result.peakRssMb > 0, 'and its peak RSS under the load')
  const inspect = results.workloads.find((w: { name: string }) => w.name === 'ctr-inspect')
  t.notOk(inspect.result, 'inspect against an org limited to 8,000 requests an hour is not measured')
  t.match(inspect.error, /limits each org to 8,000 requests an hour.*RATE_LIMIT_PER_HOUR=0/)
  for (const target of results.targets) t.notOk('pass' in target, `${target.name}: not measured`)
  t.match(output, /running deployment, no cold start: ctr http:\/\/127\.0\.0\.1:\d+/)

  // Flags about a start the bench would make are refused, not ignored.
  const refused = spawnSync('pnpm', ['bench', '--running', '--profile', dir, '--quick', '--out', out], { cwd: root, encoding: 'utf8' })
  t.equal(refused.status, 2)
  t.match(refused.stderr, /--running loads a deployment that is already up; it takes no --quick, --profile/)
})
