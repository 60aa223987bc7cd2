// CI checks the benchmark only runs and reports: `pnpm bench --quick` (short runs, a subset) must exit 0 and write
// results JSON with the run's facts, a cold start, the baseline and each quick workload. Speed is not judged here.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

t.test('pnpm bench --quick runs and writes valid results JSON', { timeout: 110_000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctrmock-bench-quick-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const out = path.join(dir, 'results.json')
  const started = performance.now()
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('pnpm', ['bench', '--quick', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.on('close', (exitCode) => resolve({ code: exitCode, output }))
  })
  t.comment(`pnpm bench --quick took ${Math.round(performance.now() - started)} ms`)
  t.equal(code, 0, output.slice(-3000))

  const results = JSON.parse(readFileSync(out, 'utf8'))
  t.equal(results.quick, true)
  t.ok(Date.parse(results.date), 'dated')
  t.equal(typeof results.machine.cores, 'number')
  t.ok(results.machine.freshPageUs.start > 0 && results.machine.freshPageUs.end > 0, 'what a fresh page cost, at the start and the end')
  t.equal(results.coldStart.length, 1, 'one cold start, from an empty data dir')
  t.ok(results.coldStart[0].allReadyMs > 0)
  t.ok(results.baseline.result.requestsPerSecond > 0, 'the baseline was measured')
  t.same(results.workloads.map((w: { name: string }) => w.name), ['health-ctr', 'ctr-token', 'ctr-inspect'])
  for (const w of results.workloads) t.ok(w.result?.requestsPerSecond > 0, `${w.name} ran: ${w.error ?? ''}`)
  const inspect = results.workloads.find((w: { name: string }) => w.name === 'ctr-inspect')
  t.equal(inspect.paired?.rounds.length, 1, 'the ratio target ran a paired round (baseline, then inspect)')
  t.ok(inspect.paired.medianOfBaseline > 0)
  t.ok(results.targets.length >= 5, 'every target is listed, measured or not')
  // --quick has no warm start and no enrich: those targets say so rather than fail.
  const unmeasured = results.targets.filter((x: { measured: string }) => x.measured === 'not measured')
  t.same(unmeasured.map((x: { name: string }) => x.name).sort(), ['cold start to all-ready (warm data dir, median)', 'enrich observe (10k messages)'])
  for (const target of unmeasured) t.notOk('pass' in target, `${target.name}: neither passed nor failed`)
  for (const target of results.targets.filter((x: { measured: string }) => x.measured !== 'not measured')) t.equal(typeof target.pass, 'boolean', target.name)
  t.match(output, /enrich observe \(10k messages\)\s+.*not measured\s+-/, 'the table marks it with a dash')
  t.match(output, /workload\s+req\/s/, 'the table is printed')
})
