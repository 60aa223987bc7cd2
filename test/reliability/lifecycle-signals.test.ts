// The embedded stack survives its own lifecycle: whatever ends `ctrmock up` (Ctrl-C, SIGTERM, its terminal closing,
// kill -9, SIGTERM to `pnpm start`'s process group), a start right after it is ready with no manual step and without
// waiting out a timeout, and every row committed before is there. One data dir throughout: each case starts on what the cases before it committed, and adds its own.
import t from 'tap'
import type { Cloud } from '@ctrmock/client'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundledCli } from './helpers/service-process.ts'
import { UpProcess, ctrmock, upPorts } from './helpers/cli-process.ts'
import { commit, missing, newTenant, on } from './helpers/committed-rows.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// Six starts of the whole stack, one after another: on a loaded host each takes several times its usual time.
t.setTimeout(240_000)
const READY_WITHIN_MS = 10_000

t.test('whatever ends `ctrmock up`, the next start recovers on its own and keeps every committed row', async (t) => {
  // World-readable: as root, the embedded Postgres runs as the postgres user and must reach its data dir.
  const work = mkdtempSync(path.join(tmpdir(), 'ctrmock-lifecycle-'))
  chmodSync(work, 0o755)
  const dataDir = path.join(work, 'postgres')
  const cli = await bundledCli(t)
  const started: UpProcess[] = []
  t.teardown(async () => {
    await ctrmock(cli, ['down'], dataDir)
    await Promise.all(started.map((up) => up.kill()))
    rmSync(work, { recursive: true, force: true })
  })
  /** Milliseconds from the ctrmock process's start until it reports ready: pnpm's own start is not ctrmock's to recover. */
  const timedStart = async (start: UpProcess): Promise<number> => {
    cloud = await start.ready(60_000)
    await cloud.waitReady(10_000)
    return start.reportedReadyMs!
  }
  const up = async (how: 'bundle' | 'pnpm' = 'bundle') => {
    const process = new UpProcess({ cli: how === 'pnpm' ? 'pnpm' : cli, root: ROOT, dataDir }, await upPorts('lifecycle-signals'))
    started.push(process)
    return process
  }

  // The first start initialises the data dir and runs every migration, more than any start after it does. It sets the
  // scale, since a loaded host slows every start alike.
  let current = await up()
  let cloud!: Cloud
  const firstMs = await timedStart(current)
  const bound = Math.max(READY_WITHIN_MS, 2 * firstMs)
  t.comment(`the first start: ready in ${firstMs} ms; each start below must be ready within ${bound} ms`)
  let tenant = await newTenant(cloud)
  const committed = [await commit(tenant, 'first start')]

  // `exits`: how the ended process ends (`pnpm start`'s own process: however pnpm chooses).
  // `recovers`: what the next start must say it did.
  const cases: Array<{ name: string; end: (running: UpProcess) => Promise<void>; exits?: { code: number | null; signal: string | null }; recovers?: RegExp; next?: 'pnpm' }> = [
    { name: 'SIGINT (Ctrl-C)', end: async (running) => running.signal('SIGINT'), exits: { code: 0, signal: null } },
    { name: 'SIGTERM', end: async (running) => running.signal('SIGTERM'), exits: { code: 0, signal: null } },
    { name: 'SIGHUP (its terminal closed)', end: async (running) => running.signal('SIGHUP'), exits: { code: 0, signal: null } },
    // The start after it is `pnpm start`, for the next case to end.
    { name: 'SIGKILL (or the OOM killer)', end: async (running) => running.signal('SIGKILL'), exits: { code: null, signal: 'SIGKILL' }, recovers: /stopping the Postgres \(PID \d+\) left running on .* by ctrmock \(PID \d+, .*, which is gone/, next: 'pnpm' },
    {
      name: "SIGTERM to `pnpm start`'s process group",
      // pnpm exits at once; the start follows it as a script restarting ctrmock would, before its stack has stopped.
      end: async (running) => {
        running.signal('SIGTERM', true)
        await running.exited
      },
    },
  ]
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      const previous = current
      await c.end(previous)
      current = await up(c.next === 'pnpm' ? 'pnpm' : undefined)
      const readyMs = await timedStart(current)
      t.ok(readyMs < bound, `ready ${readyMs} ms after the start, with no manual step`)
      const notices = current.output.filter((line) => line.startsWith('ctrmock: '))
      t.comment(notices.length > 0 ? notices.join('\n') : 'nothing left to stop or wait for')
      if (c.recovers) t.match(notices.join('\n'), c.recovers, 'the start said what it did about the server left behind')
      tenant = on(cloud, tenant)
      t.same(await missing(tenant, committed), [], 'every row committed before is there')
      committed.push(await commit(tenant, `after ${c.name}`))
      const ended = await previous.exited
      if (c.exits) t.same(ended, c.exits, 'the ended process exited as it should')
    })
  }
})
