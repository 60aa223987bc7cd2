// A full disk under the embedded Postgres: writes fail, and the services answer 503 in their vendor shape (never a 500,
// never a crash) while readiness says why; once space is freed they recover without a restart, and every row
// committed before the disk filled is still there. The data dir lives on a small tmpfs of its own (root only).
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startStack } from '@ctrmock/cli'
import { quietPorts } from '@ctrmock/kit/testing'
import { Cloud, type Tenant } from '@ctrmock/client'
import { send } from './helpers/raw-http.ts'
import { hasErrorShape } from './helpers/openapi.ts'
import { until } from './helpers/retry.ts'
import { commit, missing, newTenant, type Committed } from './helpers/committed-rows.ts'

/** Mounts a tmpfs of `size` on a fresh folder, or says why it cannot. */
function smallDisk(size: string): { dir: string; unmount(): void } | string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctrmock-disk-full-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' })
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n')[0]})`
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Writes a file until the disk refuses a byte more; returns its path. */
function fill(dir: string): string {
  const file = path.join(dir, 'filler')
  const fd = openSync(file, 'w')
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 1)
      try {
        for (;;) writeSync(fd, chunk)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
      }
    }
  } finally {
    closeSync(fd)
  }
  return file
}

const disk = process.getuid?.() === 0 ? smallDisk('320m') : 'not root: cannot mount a tmpfs'

t.test('a full disk: 503s with a reason, then recovery without a restart, nothing committed lost', { skip: typeof disk === 'string' ? disk : false }, async (t) => {
  if (typeof disk === 'string') return
  let stack: Awaited<ReturnType<typeof startStack>> | undefined
  t.teardown(async () => {
    await stack?.stop()
    disk.unmount()
  })
  const dataDir = path.join(disk.dir, 'postgres')
  // Postgres restarts on its own port after a PANIC, so the port is one no outgoing connection can take meanwhile.
  const [postgresPort] = await quietPorts('lifecycle-disk-full', 1)
  stack = await startStack({
    dataDir, postgresPort, databasePrefix: 'diskfull', notice: (message) => t.comment(message),
    ports: { ctr: 0, 'ctr-eu': 0, 'sse-americas': 0, 'sse-europe': 0, esa: 0, smtp: 0 },
    env: { LOG_LEVEL: 'silent', CLOUD_BUSY_SECONDS: '0', RATE_LIMIT_PER_HOUR: '0', REGISTRATION_RETRY_BASE_MS: '200', REGISTRATION_RETRY_MAX_MS: '1000' },
  })
  const cloud = new Cloud({
    ctr: stack.urls.ctr, ctrEu: stack.urls['ctr-eu'], sseAmericas: stack.urls['sse-americas'],
    sseEurope: stack.urls['sse-europe'], esa: stack.urls.esa, smtpPort: stack.smtpPort,
  })
  await cloud.waitReady()
  const tenant: Tenant = await newTenant(cloud)
  const committed: Committed[] = [await commit(tenant, 'before the disk filled')]

  const filler = fill(disk.dir)
  const token = await tenant.ctr.accessToken()
  const writes = () => Promise.all([
    send(stack.urls['sse-americas'], { method: 'POST', path: '/api/v1/registration-tokens', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ count: 50, expiration: '1h' }) }),
    send(stack.urls.ctr, { method: 'POST', path: '/iroh/iroh-int/module-instance', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'disk full', module_type_id: committed[0]!.moduleTypeId, settings: { device: committed[0]!.deviceId, timeframe: 30 } }) }),
  ])
  const answers: Array<{ status: number; json: unknown }> = []
  await until('a write refused for want of space', async () => {
    answers.push(...await writes())
    return answers.some((a) => a.status === 503)
  }, 60_000)
  t.same(answers.filter((a) => a.status >= 500 && a.status !== 503).map((a) => a.json), [], 'no write answered a 500')
  const refused = answers.filter((a) => a.status === 503)
  t.ok(refused.every((a) => hasErrorShape('iroh', a.json)), `the ${refused.length} refused writes answered 503 in IROH's shape`)
  t.match((refused[0]!.json as { error_description: string }).error_description, /out of disk space/, 'saying the disk is full')
  const readiness = await Promise.all(stack.instances.map(async (i) => ({ name: i.name, ...await send(i.url, { method: 'GET', path: '/__mock/ready' }) })))
  const notReady = readiness.filter((r) => r.status === 503)
  t.ok(notReady.length > 0, `readiness: ${notReady.map((r) => r.name).join(', ')} not ready`)
  t.ok(notReady.every((r) => /out of disk space/.test(String((r.json as { reasons?: Record<string, string> }).reasons?.disk))), 'each saying why: the disk is full')
  // A mail needs rows too: the ESA stores it or answers 451, so the sender keeps it and retries; never a crash.
  const mail = await tenant.esa.sendMail({ subject: 'while the disk is full' }).then(() => 250, (error: { responseCode?: number }) => error.responseCode)
  t.ok(mail === 250 || mail === 451, `SMTP answered ${mail}`)
  t.ok(stack.instances.every((i) => i.app?.server.listening), 'no service crashed')

  rmSync(filler)
  await until('every service ready again, none restarted', async () => {
    const statuses = await Promise.all(stack.instances.map(async (i) => (await send(i.url, { method: 'GET', path: '/__mock/ready' })).status))
    return statuses.every((s) => s === 200)
  }, 30_000)
  t.pass('every service is ready again once space is freed')
  committed.push(await commit(tenant, 'after space was freed'))
  t.same(await missing(tenant, committed), [], 'every row committed before the disk filled is there, and writes work again')
})
