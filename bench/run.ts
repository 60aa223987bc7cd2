// `pnpm bench`: builds the CLI (`pnpm build`), times cold starts of its `ctrmock up`, then loads each workload against
// the same build's stack and a bare-Fastify baseline in the same run, every server and the load generator in a process
// of its own. Prints the table and writes bench/results.json. Flags: --quick (CI: short runs, a subset), --only a,b,
// --duration s, --warmup s, --out file, --warm-starts n (repeated warm starts; the target takes the median),
// --no-cold-start, --cold-start-only, --entry file (time another build of `ctrmock up`, e.g. the sources,
// packages/cli/src/main.ts), --profile dir (the workloads' stack runs with --cpu-prof; summarise with
// bench/tools/cpuprofile-summary.ts), --node-args "flags" (more Node flags for the workloads' stack),
// --rounds n (paired rounds for inspect's ratio: the baseline, then the workload, n times; 3 by default, 1 with --quick),
// --running (load a deployment that is already up, e.g. `docker compose up` or another `npm start`, at the base URLs
// of --ctr-url ... or CTRMOCK_*_URL, as the CLI takes them; nothing is built or started).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, loadavg } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Cloud, URL_FLAGS, urlsFromFlags, type CloudUrls, type Tenant, type UrlFlag } from '@ctrmock/client'
import { buildBundle } from '../packages/cli/bundle.mjs'
import { DEFAULT_ENTRY, coldStart, type ColdStart, type StartedStack } from './cold-start.ts'
import { freshPageCost, machineFacts, round } from './lib/machine.ts'
import { runLoad, type LoadPlan } from './lib/load.ts'
import { deploymentAt, probeRateLimit } from './lib/deployment.ts'
import { ROOT, spawnTs, type SpawnedChild } from './lib/processes.ts'
import { renderReport, type PairedRounds, type Results, type TargetReport, type WorkloadReport } from './lib/report.ts'
import { WORKLOADS, type BenchContext } from './workloads/index.ts'
import { integratedTenant } from './workloads/esa-data.ts'
import { INSPECT_TEXT } from './workloads/ctr.ts'
import type { IntegratedTenant } from './workloads/types.ts'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    out: { type: 'string' },
    'warm-starts': { type: 'string' },
    entry: { type: 'string' },
    profile: { type: 'string' },
    'node-args': { type: 'string' },
    rounds: { type: 'string' },
    'no-cold-start': { type: 'boolean', default: false },
    'cold-start-only': { type: 'boolean', default: false },
    running: { type: 'boolean', default: false },
    ...(Object.fromEntries(URL_FLAGS.map((flag) => [flag, { type: 'string' }])) as Record<UrlFlag, { type: 'string' }>),
  },
})
// A deployment that is up was started elsewhere: nothing here times its start or sets its Node flags.
const NOT_WITH_RUNNING = ['quick', 'cold-start-only', 'warm-starts', 'entry', 'profile', 'node-args'] as const
const refused = args.running ? NOT_WITH_RUNNING.filter((flag) => args[flag] !== undefined && args[flag] !== false) : []
if (refused.length > 0) {
  console.error(`bench: --running loads a deployment that is already up; it takes no ${refused.map((flag) => `--${flag}`).join(', ')}`)
  process.exit(2)
}
const quick = args.quick!
const durationSeconds = Number(args.duration ?? (quick ? 1 : 10))
const warmupSeconds = Number(args.warmup ?? (quick ? 1 : 3))
const out = path.resolve(args.out ?? path.join(ROOT, 'bench/results.json'))
const warmStarts = Number(args['warm-starts'] ?? (quick ? 0 : 3))
const pairedRounds = Number(args.rounds ?? (quick ? 1 : 3))
const only = args.only?.split(',').map((s) => s.trim())
const selected = WORKLOADS.filter((w) => (only ? only.includes(w.name) : !quick || w.quick))
const log = (message: string) => process.stderr.write(`bench: ${message}\n`)

const results: Results = {
  date: new Date().toISOString(),
  quick,
  machine: machineFacts(),
  settings: { durationSeconds, warmupSeconds, connections: 10, loadGenerator: 'autocannon 9.0.0 (child process)', entry: path.relative(ROOT, args.entry ? path.resolve(args.entry) : DEFAULT_ENTRY) },
  coldStart: [],
  workloads: [],
  targets: [],
}

// World-readable: as root, the embedded Postgres runs as the postgres user and must reach its data dir.
const workDir = mkdtempSync(path.join(tmpdir(), 'ctrmock-bench-'))
chmodSync(workDir, 0o755)
const children: SpawnedChild[] = []
const entry = args.entry ? path.resolve(args.entry) : undefined
// The workloads' stack: quiet logs, and CTR's per-org hourly limit off, which would turn a throughput run into 429s.
const WORKLOAD_STACK_ENV = { LOG_LEVEL: 'error', RATE_LIMIT_PER_HOUR: '0' }
// Node flags of the workloads' stack.
const stackNodeArgs = [
  ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : []),
  ...(args['node-args']?.split(' ').filter(Boolean) ?? []),
]
try {
  if (args.running) {
    const urls = urlsFromFlags(args)
    log('loading the running deployment at the base URLs')
    results.deployment = await deploymentAt(urls)
    await runWorkloads(urls, results.deployment.processes.map((p) => p.pid))
  } else {
    log('building the CLI (pnpm build)')
    await buildBundle()
    // --quick starts the stack once: the workloads' stack from an empty data dir is its cold start. A full run times
    // `ctrmock up` from an empty data dir and then warm, and starts the workloads' stack (warm) after.
    if (!args['no-cold-start'] && !quick) {
      const runs: Array<ColdStart['dataDir']> = ['empty', ...Array.from({ length: warmStarts }, () => 'warm' as const)]
      for (const dataDir of runs) {
        log(`cold start of ctrmock up, ${dataDir} data dir`)
        const started = await coldStart({ workDir, dataDir, settleMs: 3000, entry })
        results.coldStart.push(started.result)
        log(`  all ready in ${started.result.allReadyMs} ms (${started.result.cpuMs} ms CPU), idle RSS ${started.result.idle.servicesRssMb} MB`)
        await started.process.stop()
      }
    }
    if (!args['cold-start-only']) {
      const fresh = results.coldStart.length === 0
      log(`starting the workloads' stack (${fresh ? 'empty' : 'warm'} data dir)`)
      const stack = await coldStart({ workDir, dataDir: fresh ? 'empty' : 'warm', settleMs: 500, env: WORKLOAD_STACK_ENV, nodeArgs: stackNodeArgs })
      children.push(stack.process)
      if (quick && !args['no-cold-start']) results.coldStart.push(stack.result)
      await runWorkloads(cloudUrls(stack), [stack.process.pid], performance.now() - stack.result.allReadyMs - 500)
    }
  }
} finally {
  await Promise.allSettled(children.map((c) => c.stop()))
  rmSync(workDir, { recursive: true, force: true })
}

results.targets = targets(results)
results.machine.loadAverage.end = round(loadavg()[0]!)
results.machine.freshPageUs.end = freshPageCost()
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
console.log(renderReport(results))
log(`wrote ${path.relative(process.cwd(), out) || out}`)

function cloudUrls(started: StartedStack): CloudUrls {
  return {
    ctr: started.urls.ctr, ctrEu: started.urls['ctr-eu'], sseAmericas: started.urls['sse-americas'],
    sseEurope: started.urls['sse-europe'], esa: started.urls.esa, smtpPort: started.smtpPort,
    intel: started.urls.intel, intelEu: started.urls['intel-eu'],
  }
}

/** The baseline, then every selected workload against the services at `urls`, whose processes are `watchPids`
 *  (`spawnedAt`: when the bench spawned them, for the --profile window). */
async function runWorkloads(urls: CloudUrls, watchPids: number[], spawnedAt?: number): Promise<void> {
  const baseline = spawnTs(path.join(ROOT, 'bench/servers/baseline.ts'))
  children.push(baseline)
  const { url: baselineUrl } = await baseline.message<{ url: string }>((m) => 'url' in m)

  log('baseline: bare Fastify GET /')
  const baselineResult = await runLoad({ url: `${baselineUrl}/`, method: 'GET', connections: 10, durationSeconds, warmupSeconds }, [baseline.pid])
  results.baseline = { name: 'baseline', title: 'bare Fastify GET / (same machine, same run)', result: baselineResult }
  log('baseline: bare Fastify POST of a JSON body (inspect\'s body)')
  const postResult = await runLoad({
    url: `${baselineUrl}/observables`, method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content: INSPECT_TEXT }), connections: 10, durationSeconds, warmupSeconds,
  }, [baseline.pid])
  results.baselinePost = {
    name: 'baseline-post', title: 'bare Fastify POST /observables, JSON body in, small JSON array out', result: postResult,
    ofBaseline: round(postResult.requestsPerSecond / baselineResult.requestsPerSecond),
  }

  const cloud = new Cloud(urls)
  let tenant: Promise<Tenant> | undefined
  let integrated: Promise<IntegratedTenant> | undefined
  const ctx: BenchContext = {
    urls, cloud, quick, durationSeconds, warmupSeconds, log,
    tenant: () => (tenant ??= cloud.createTenant()),
    integrated: () => (integrated ??= integratedTenant(cloud, log)),
  }
  for (const workload of selected) {
    log(workload.title)
    const report: WorkloadReport = { name: workload.name, title: workload.title, ...(workload.target ? { target: workload.target.text } : {}) }
    try {
      const plan = await workload.plan(ctx)
      await probeRateLimit(plan)
      const loadStarted = performance.now()
      const result = await runLoad(plan, watchPids)
      // Where the run sits in the stack process's life: the window to read in its --profile output.
      if (spawnedAt !== undefined) report.window = { fromMs: Math.round(loadStarted - spawnedAt), toMs: Math.round(performance.now() - spawnedAt) }
      report.result = result
      report.ofBaseline = round(result.requestsPerSecond / baselineResult.requestsPerSecond)
      log(`  ${result.requestsPerSecond} req/s, p99 ${result.latencyMs.p99} ms, ${result.errors} errors ${JSON.stringify(result.statusCodes)}`)
      if (workload.paired && pairedRounds > 0 && !plan.singleUse) {
        report.paired = await runPaired(plan, `${baselineUrl}/`, [baseline.pid], watchPids)
        log(`  paired rounds: ${report.paired.rounds.map((r) => `${Math.round(r.ofBaseline * 100)}%`).join(', ')} of baseline`)
      }
      if (workload.target) {
        const roundErrors = report.paired?.rounds.reduce((sum, r) => sum + r.errors, 0) ?? 0
        report.pass = workload.target.check(result, report.ofBaseline) && roundErrors === 0
      }
    } catch (error) {
      report.error = error instanceof Error ? error.message.split('\n')[0] : String(error)
      log(`  not run: ${report.error}`)
    }
    results.workloads.push(report)
  }
}

/**
 * A ratio judged on one baseline run at the start and one workload run minutes later mixes two states of the
 * machine. Paired rounds run the baseline and then the workload, a few seconds each, several times; the ratio is the
 * median of theirs.
 */
async function runPaired(plan: LoadPlan, baselineUrl: string, baselinePids: number[], watchPids: number[]): Promise<PairedRounds> {
  const seconds = Math.max(1, Math.round(durationSeconds / 2))
  const short = { durationSeconds: seconds, warmupSeconds: 1 }
  const rounds = []
  for (let i = 0; i < pairedRounds; i++) {
    const base = await runLoad({ url: baselineUrl, method: 'GET', connections: plan.connections, ...short }, baselinePids)
    const load = await runLoad({ ...plan, ...short }, watchPids)
    rounds.push({ baselineRps: base.requestsPerSecond, rps: load.requestsPerSecond, ofBaseline: round(load.requestsPerSecond / base.requestsPerSecond), errors: base.errors + load.errors })
  }
  const sorted = rounds.map((r) => r.ofBaseline).sort((a, b) => a - b)
  return { seconds, rounds, medianOfBaseline: sorted[Math.floor((sorted.length - 1) / 2)]! }
}

/** A row without a pass or fail. */
function reportedOnly(t: TargetReport): TargetReport {
  return { name: t.name, target: 'reported, not a target', measured: t.measured }
}

/** The median of the warm starts: one slow start on a busy machine should not decide the target. */
function medianWarm(r: Results): ColdStart | undefined {
  const warm = r.coldStart.filter((c) => c.dataDir === 'warm').sort((a, b) => a.allReadyMs - b.allReadyMs)
  return warm[Math.floor((warm.length - 1) / 2)]
}

/** The speed guards (BENCHMARKS.md), from what this run measured; one this run did not measure says so. Inspect's
 *  share of the baseline is listed without a pass or fail: it is reported, not a target. */
function targets(r: Results): TargetReport[] {
  const warm = medianWarm(r)
  const idle = (warm ?? r.coldStart[0])?.idle.servicesRssMb
  const row = (name: string, target: string, measured: string | undefined, pass: boolean | undefined): TargetReport =>
    measured === undefined ? { name, target, measured: 'not measured' } : { name, target, measured, pass: pass === true }
  const fromWorkload = (name: string, label: string) => {
    const w = r.workloads.find((x) => x.name === name)
    const m = w?.result
    const post = r.baselinePost?.result?.requestsPerSecond
    const ofPost = name === 'ctr-inspect' && m && post ? `, ${Math.round((m.requestsPerSecond / post) * 100)}% of bare POST` : ''
    const paired = w?.paired ? `; paired rounds ${w.paired.rounds.map((x) => `${Math.round(x.ofBaseline * 100)}%`).join('/')}, median ${Math.round(w.paired.medianOfBaseline * 100)}%` : ''
    const measured = m ? `${m.requestsPerSecond.toLocaleString('en-US')} req/s (${Math.round((w!.ofBaseline ?? 0) * 100)}% of baseline${ofPost}${paired}), p99 ${m.latencyMs.p99} ms, ${m.errors} errors` : undefined
    return row(label, w?.target ?? WORKLOADS.find((x) => x.name === name)?.target?.text ?? '', measured, w?.pass)
  }
  return [
    row('cold start to all-ready (warm data dir, median)', '≤ 2,000 ms', warm ? `${warm.allReadyMs} ms (${warm.cpuMs} ms CPU)` : undefined, warm ? warm.allReadyMs <= 2000 : undefined),
    reportedOnly(fromWorkload('ctr-inspect', 'inspect vs bare Fastify')),
    fromWorkload('ctr-token', 'token issue'),
    fromWorkload('ctr-enrich-observe', 'enrich observe (10k messages)'),
    fromWorkload('intel-search', 'intel search (100k judgements)'),
    fromWorkload('intel-bundle-import', 'intel bundle import (1,000 entities)'),
    row('idle RSS of all services together', '≤ 350 MB', idle !== undefined ? `${idle} MB` : undefined, idle !== undefined ? idle <= 350 : undefined),
  ]
}
