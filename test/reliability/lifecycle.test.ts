// The embedded stack survives its own lifecycle: whatever ends `ctrmock up` (Ctrl-C, SIGTERM, its terminal closing,
// kill -9, SIGTERM to `pnpm start`'s process group), a start right after it is ready within 10 s with no manual step,
// and every row committed before is there. Two starts on one data dir: one runs, the other names it and exits.
// One data dir throughout: each case starts on what the cases before it committed, and adds its own.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Tenant, type Cloud } from '@ctrmock/client'
import { bundleIsStale, buildBundle } from '../../packages/cli/bundle.mjs'
import { bundledCli } from './helpers/service-process.ts'
import { UpProcess } from './helpers/cli-process.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const READY_WITHIN_MS = 10_000

interface Committed {
  stage: string
  tenant: Tenant
  token: string
  deviceId: string
  moduleId: string
  mail: string
}

const day = 86_400_000

/** A tenant's data in every service: an ESA registered as a device, its CTR module, a mail, a registration token. */
async function commit(cloud: Cloud, stage: string): Promise<Committed> {
  const tenant = await cloud.createTenant()
  const module = await tenant.integrateEsa('AMERICAS')
  const mail = `lifecycle ${stage}`
  await tenant.esa.sendMail({ subject: mail, from: 'sender@example.com', to: 'user@example.com' })
  const { tokens } = await tenant.sseAmericas.generateTokens(1, '1h')
  const deviceId = (await tenant.sseAmericas.devices({ search: tenant.appliance.hostname })).devices[0]!.id
  return { stage, tenant, token: tokens[0]!.token, deviceId, moduleId: module.id, mail }
}

/** What is missing of `committed`, read through `cloud` (a later stack, on other ports). */
async function missing(cloud: Cloud, committed: Committed[]): Promise<string[]> {
  const lost: string[] = []
  for (const c of committed) {
    const tenant = new Tenant(cloud, c.tenant.namOrg, c.tenant.euOrg, c.tenant.appliance)
    const tokens = await tenant.sseAmericas.tokens()
    if (!tokens.some((tk) => tk.token === c.token)) lost.push(`${c.stage}: token`)
    const devices = await tenant.sseAmericas.devices({ limit: 100 })
    if (!devices.devices.some((d) => d.id === c.deviceId)) lost.push(`${c.stage}: device`)
    if (!(await tenant.ctr.moduleInstances()).some((m) => m.id === c.moduleId)) lost.push(`${c.stage}: module instance`)
    const found = await tenant.esa.searchMessages({ startDate: new Date(Date.now() - day).toISOString(), endDate: new Date(Date.now() + day).toISOString(), limit: 100 })
    if (!found.data.some((m) => (m.attributes as { subject?: string }).subject === c.mail)) lost.push(`${c.stage}: mail`)
  }
  return lost
}

function ctrmock(cli: string, args: string[], dataDir: string) {
  return spawnSync(process.execPath, [cli, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 40_000 })
}

t.test('whatever ends `ctrmock up`, the next start recovers on its own and keeps every committed row', async (t) => {
  // World-readable: as root, the embedded Postgres runs as the postgres user and must reach its data dir.
  const work = mkdtempSync(path.join(tmpdir(), 'ctrmock-lifecycle-'))
  chmodSync(work, 0o755)
  const dataDir = path.join(work, 'postgres')
  const cli = await bundledCli(t)
  // `pnpm start` runs packages/cli/dist, built here first so that its start is not a build.
  if (bundleIsStale()) await buildBundle()
  const started: UpProcess[] = []
  t.teardown(async () => {
    ctrmock(cli, ['down'], dataDir)
    await Promise.all(started.map((up) => up.kill()))
    rmSync(work, { recursive: true, force: true })
  })
  const up = (how: 'bundle' | 'pnpm' = 'bundle') => {
    const process = new UpProcess({ cli: how === 'pnpm' ? 'pnpm' : cli, root: ROOT, dataDir })
    started.push(process)
    return process
  }

  let current = up()
  let cloud = await current.ready(60_000) // the first start initialises the data dir
  const committed = [await commit(cloud, 'first start')]

  // `exits`: how the ended process ends (`pnpm start`'s own process: however pnpm chooses).
  const cases: Array<{ name: string; end: (running: UpProcess) => Promise<void>; exits?: { code: number | null; signal: string | null }; next?: 'pnpm' }> = [
    { name: 'SIGINT (Ctrl-C)', end: async (running) => running.signal('SIGINT'), exits: { code: 0, signal: null } },
    { name: 'SIGTERM', end: async (running) => running.signal('SIGTERM'), exits: { code: 0, signal: null } },
    { name: 'SIGHUP (its terminal closed)', end: async (running) => running.signal('SIGHUP'), exits: { code: 0, signal: null } },
    // The start after it is `pnpm start`, for the next case to end.
    { name: 'SIGKILL (or the OOM killer)', end: async (running) => running.signal('SIGKILL'), exits: { code: null, signal: 'SIGKILL' }, next: 'pnpm' },
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
      current = up(c.next === 'pnpm' ? 'pnpm' : undefined)
      const spawnedAt = Date.now()
      cloud = await current.ready(READY_WITHIN_MS + 5_000)
      await cloud.waitReady(5_000)
      const readyMs = Date.now() - spawnedAt
      t.ok(readyMs < READY_WITHIN_MS, `ready ${readyMs} ms after the start, with no manual step`)
      t.same(await missing(cloud, committed), [], 'every row committed before is there')
      committed.push(await commit(cloud, `after ${c.name}`))
      const ended = await previous.exited
      if (c.exits) t.same(ended, c.exits, 'the ended process exited as it should')
    })
  }

  await t.test('a second start on the same data dir names the running one and exits; status shows it; down stops it', async (t) => {
    const second = up()
    const ended = await second.exited
    t.equal(ended.code, 1, 'the second start exits with 1')
    const message = second.output.join('\n')
    t.match(message, new RegExp(`ctrmock \\(PID ${current.pid}, since [^)]*\\) with Postgres on 127\\.0\\.0\\.1:\\d+, serving ctr http://127\\.0\\.0\\.1:\\d+`), 'naming the running ctrmock, its Postgres and URLs')
    t.ok(current.running, 'the first one still runs')
    t.ok((await missing(cloud, committed)).length === 0, 'and still serves')
    const status = ctrmock(cli, ['status'], dataDir)
    t.match(status.stdout, new RegExp(`embedded stack on ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: running, ctrmock \\(PID ${current.pid}`), '`ctrmock status` names it too')
    const down = ctrmock(cli, ['down'], dataDir)
    t.equal(down.status, 0, `\`ctrmock down\` from another terminal succeeds: ${down.stderr.trim()}`)
    const stopped = await current.exited
    t.equal(stopped.code, 0, 'the stack stopped in order')
  })

  await t.test('two starts at once: one runs, the other exits naming it', async (t) => {
    const [a, b] = [up(), up()]
    const first = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)])
    const winner = first === a ? b : a
    t.equal(first.child.exitCode, 1, 'one exits with 1')
    t.match(first.output.join('\n'), new RegExp(`ctrmock \\(PID ${winner.pid}, `), 'naming the one that runs')
    cloud = await winner.ready(READY_WITHIN_MS + 5_000)
    t.same(await missing(cloud, committed), [], 'which serves every committed row')
    winner.signal('SIGINT')
    t.equal((await winner.exited).code, 0)
  })
})
