// One ctrmock per data dir: a second start names the one that runs (its PID, Postgres and URLs) and exits, as does
// the loser of two starts at once; `ctrmock status` names it too, and `ctrmock down` stops it from another terminal.
import t from 'tap'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundledCli } from './helpers/service-process.ts'
import { UpProcess, ctrmock, upPorts } from './helpers/cli-process.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

t.test('one ctrmock per data dir', async (t) => {
  // World-readable: as root, the embedded Postgres runs as the postgres user and must reach its data dir.
  const work = mkdtempSync(path.join(tmpdir(), 'ctrmock-owner-'))
  chmodSync(work, 0o755)
  const dataDir = path.join(work, 'postgres')
  const cli = await bundledCli(t)
  const started: UpProcess[] = []
  t.teardown(async () => {
    await ctrmock(cli, ['down'], dataDir)
    await Promise.all(started.map((up) => up.kill()))
    rmSync(work, { recursive: true, force: true })
  })
  const up = async () => {
    const process = new UpProcess({ cli, root: ROOT, dataDir }, await upPorts('lifecycle-ownership'))
    started.push(process)
    return process
  }
  const current = await up()
  await current.ready(60_000)

  await t.test('a second start on the same data dir names the running one and exits; status shows it; down stops it', async (t) => {
    const second = await up()
    const ended = await second.exited
    t.equal(ended.code, 1, 'the second start exits with 1')
    const message = second.output.join('\n')
    t.match(message, new RegExp(`ctrmock \\(PID ${current.pid}, since [^)]*\\) with Postgres on 127\\.0\\.0\\.1:\\d+, serving ctr http://127\\.0\\.0\\.1:\\d+`), 'naming the running ctrmock, its Postgres and URLs')
    t.ok(current.running, 'the first one still runs')
    const status = await ctrmock(cli, ['status'], dataDir)
    t.match(status.stdout, new RegExp(`embedded stack on ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: running, ctrmock \\(PID ${current.pid}`), '`ctrmock status` names it too')
    const down = await ctrmock(cli, ['down'], dataDir)
    t.equal(down.status, 0, `\`ctrmock down\` from another terminal succeeds: ${down.stderr.trim()}`)
    const stopped = await current.exited
    t.equal(stopped.code, 0, 'the stack stopped in order')
  })

  await t.test('two starts at once: one runs, the other exits naming it', async (t) => {
    const [a, b] = await Promise.all([up(), up()])
    const first = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)])
    const winner = first === a ? b : a
    t.equal(first.child.exitCode, 1, 'one exits with 1')
    t.match(first.output.join('\n'), new RegExp(`ctrmock \\(PID ${winner.pid}, `), 'naming the one that runs')
    await (await winner.ready(60_000)).waitReady(10_000)
    t.pass('the other serves')
    winner.signal('SIGINT')
    t.equal((await winner.exited).code, 0)
  })
})
