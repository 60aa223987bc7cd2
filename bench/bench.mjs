// `pnpm bench`: builds the bench's own scripts (the runner, the load worker, the workloads' stack, the baseline
// server) into plain JavaScript in a temp folder (scripts/build-sources.mjs, about a second), then runs bench/run.ts's
// build with the same arguments; the runner starts its children from the same build (CTRMOCK_BENCH_BUILD). Through
// tsx, each load worker spent ~1.8 s starting, and the quick run's stack 8.5 s from an empty data dir.
// `node --import tsx bench/run.ts ...` still runs everything from the sources.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { NODE_ARGS, buildSources } from '../scripts/build-sources.mjs'

const SCRIPTS = ['run', 'load-worker', 'servers/stack', 'servers/baseline']

const dir = await mkdtemp(path.join(tmpdir(), 'ctrmock-bench-'))
let code = 1
try {
  await buildSources(SCRIPTS.map((script) => ({ in: `bench/${script}.ts`, out: script })), dir)
  const runner = spawn(process.execPath, [...NODE_ARGS, path.join(dir, 'run.mjs'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CTRMOCK_BENCH_BUILD: dir },
  })
  // Ctrl-C reaches the runner too (one process group); this process waits for it, then removes the build.
  process.on('SIGINT', () => {}).on('SIGTERM', (signal) => runner.kill(signal))
  const [exitCode, signal] = await once(runner, 'exit')
  code = exitCode ?? (signal ? 1 : 0)
} finally {
  await rm(dir, { recursive: true, force: true })
}
process.exit(code)
