// startCtrmock(), the start API test runners call: two stacks in one process take different free ports and their own
// embedded Postgres, know nothing of each other's orgs, and leave no server or data folder behind when stopped.
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { Cloud, CtrClient, CtrmockApiError } from '@ctrmock/client'
import { startCtrmock } from '../src/start.ts'
import { accepts, alive } from '../../../test/helpers/processes.ts'

function portOf(url: string): number {
  return Number(new URL(url).port)
}

t.test('two stacks in one process are isolated, on ports of their own, and stop cleanly', async (t) => {
  // One after the other, each stopped on teardown even if the next fails to start.
  const a = await startCtrmock({ env: { LOG_LEVEL: 'silent' } })
  t.teardown(() => a.stop())
  const b = await startCtrmock({ env: { LOG_LEVEL: 'silent' } })
  t.teardown(() => b.stop())

  const ports = (urls: typeof a.urls) => [urls.ctr, urls.ctrEu, urls.sseAmericas, urls.sseEurope, urls.esa].map(portOf).concat(urls.smtpPort)
  const all = [...ports(a.urls), ...ports(b.urls), portOf(a.databaseServerUrl), portOf(b.databaseServerUrl)]
  t.equal(new Set(all).size, all.length, `every port differs: ${all.join(', ')}`)
  t.notOk(all.some((port) => [7100, 7101, 7200, 7201, 7300, 2525, 7432].includes(port)), 'no documented default port is taken')

  t.equal(a.env.CTRMOCK_CTR_URL, a.urls.ctr, 'env names the same URLs')
  t.equal(a.env.CTRMOCK_SMTP_PORT, String(a.urls.smtpPort))
  const cloudA = new Cloud(a.urls)
  const cloudB = new Cloud(b.urls)
  await Promise.all([cloudA.waitReady(), cloudB.waitReady()])
  const tenant = await cloudA.createTenant()
  t.ok(await tenant.ctr.accessToken(), 'the org made in the first stack gets a token there')

  // The same API client presented to the second stack's CTR: unknown there.
  const elsewhere = new CtrClient(b.urls.ctr, tenant.namOrg, 'ctr')
  const refused = await elsewhere.requestToken().then(() => undefined, (error: unknown) => error)
  t.type(refused, CtrmockApiError, 'the second stack refuses the first one\'s API client')
  t.match((refused as CtrmockApiError).body, { error: 'invalid_client' }, 'as an unknown client')

  const postgresPorts = [portOf(a.databaseServerUrl), portOf(b.databaseServerUrl)]
  await Promise.all([a.stop(), b.stop()])
  for (const port of [...ports(a.urls), ...ports(b.urls), ...postgresPorts]) {
    t.notOk(await accepts(port), `nothing listens on ${port} any more`)
  }
})

t.test('a given data dir is kept and its Postgres stopped', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ctrmock-start-'))
  await chmod(dir, 0o755)
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const dataDir = path.join(dir, 'pg')
  const stack = await startCtrmock({ dataDir, env: { LOG_LEVEL: 'silent' } })
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  t.ok(alive(pid), `Postgres (PID ${pid}) runs on the given folder`)
  await stack.stop()
  t.ok(existsSync(path.join(dataDir, 'PG_VERSION')), 'the cluster stays for the next start')
  t.notOk(alive(pid), 'its postmaster has exited')
})
