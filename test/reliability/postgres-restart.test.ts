// Postgres goes away under load and comes back on its own: every service reports not-ready while it is gone,
// answers in its vendor shape meanwhile, and recovers by itself once it is back (no service restart). Nothing
// acknowledged before, during or after is lost.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startStack } from '@ctrmock/cli'
import { startEmbeddedPostgres } from '@ctrmock/kit/db'
import { Cloud } from '@ctrmock/client'
import { retrying, until } from './helpers/retry.ts'
import { send } from './helpers/raw-http.ts'
import { hasErrorShape } from './helpers/openapi.ts'
import { SCALE } from './helpers/random.ts'
import { quietPorts } from '@ctrmock/kit/testing'

t.test('a Postgres restart under load: not ready, then recovered without restarting any service', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ctrmock-pg-restart-'))
  // Postgres comes back on the same port, so it is one no outgoing connection can take while it is away.
  const [port] = await quietPorts('postgres-restart', 1)
  const settings = { fsync: 'off' }
  let pg = await startEmbeddedPostgres({ dataDir, port: port!, settings })
  t.teardown(async () => {
    await pg.stop()
    await rm(dataDir, { recursive: true, force: true })
  })
  const stack = await startStack({
    databaseServerUrl: pg.url, databasePrefix: 'pgrestart',
    ports: { ctr: 0, 'ctr-eu': 0, 'sse-americas': 0, 'sse-europe': 0, esa: 0, smtp: 0 },
    env: { LOG_LEVEL: 'silent', CLOUD_BUSY_SECONDS: '0', RATE_LIMIT_PER_HOUR: '0', REGISTRATION_RETRY_BASE_MS: '200', REGISTRATION_RETRY_MAX_MS: '1000' },
  })
  t.teardown(() => stack.stop())
  const cloud = new Cloud({
    ctr: stack.urls.ctr, ctrEu: stack.urls['ctr-eu'], sseAmericas: stack.urls['sse-americas'],
    sseEurope: stack.urls['sse-europe'], esa: stack.urls.esa, smtpPort: stack.smtpPort,
  })
  await cloud.waitReady()
  const tenant = await cloud.createTenant()
  await tenant.integrateEsa('AMERICAS')
  await tenant.esa.sendMail({ subject: 'before the outage' })

  // Load: tokens, mails and enrichments, each client retrying whatever fails while the database is away.
  const acked = { tokens: [] as string[], mails: [] as string[], enrichments: 0 }
  const stopLoad = new AbortController()
  let retries = 0
  const onRetry = () => { retries++ }
  const load = Promise.all([
    ...Array.from({ length: 2 * SCALE }, async () => {
      while (!stopLoad.signal.aborted) acked.tokens.push((await retrying(() => tenant.sseAmericas.generateTokens(1, '1h'), { onRetry })).tokens[0]!.token)
    }),
    ...Array.from({ length: 2 * SCALE }, async (_, s) => {
      for (let i = 0; !stopLoad.signal.aborted; i++) {
        const subject = `outage mail ${s}-${i}`
        await retrying(() => tenant.esa.sendMail({ subject }), { pauseMs: 200, onRetry })
        acked.mails.push(subject)
      }
    }),
    ...Array.from({ length: 2 * SCALE }, async () => {
      while (!stopLoad.signal.aborted) {
        await retrying(() => tenant.ctr.investigate('email_subject:"before the outage"'), { onRetry })
        acked.enrichments++
      }
    }),
  ])
  await until('some load acknowledged', async () => acked.tokens.length > 3 && acked.mails.length > 3 && acked.enrichments > 3)

  await pg.stop()
  const readiness = async () => Promise.all(stack.instances.map(async (i) => (await send(i.url, { method: 'GET', path: '/__mock/ready' })).status))
  await until('every service reports not ready', async () => (await readiness()).every((s) => s === 503))
  t.pass('every service answers /__mock/ready with 503 while Postgres is down')
  const during = await Promise.all([
    send(stack.urls['sse-americas'], { method: 'GET', path: '/api/v1/devices', headers: { authorization: `Bearer ${await tenant.ctr.accessToken()}` } }),
    send(stack.urls.esa, { method: 'GET', path: '/esa/api/v2.0/config/cloud_service_settings', headers: { authorization: `Basic ${Buffer.from(`${tenant.appliance.username}:${tenant.appliance.password}`).toString('base64')}` } }),
    send(stack.urls.ctr, { method: 'GET', path: '/iroh/iroh-int/module-instance', headers: { authorization: `Bearer ${await tenant.ctr.accessToken()}` } }),
  ])
  t.same(during.map((r) => r.status), [503, 503, 503], 'calls that need the database answer 503 meanwhile')
  t.ok(hasErrorShape('iroh', during[0]!.json) && hasErrorShape('asyncos', during[1]!.json) && hasErrorShape('iroh', during[2]!.json), 'in each vendor shape')
  // Postgres comes back only once the clients have met the outage, so the recovery below is theirs to show.
  const retriesBefore = retries
  await until('clients retried during the outage', async () => retries >= retriesBefore + 3)

  pg = await startEmbeddedPostgres({ dataDir, port: port!, settings })
  await until('every service ready again', async () => (await readiness()).every((s) => s === 200))
  t.pass('every service is ready again without being restarted')
  const before = { tokens: acked.tokens.length, mails: acked.mails.length, enrichments: acked.enrichments }
  await until('load goes on after the outage', async () => acked.tokens.length > before.tokens + 2 && acked.mails.length > before.mails + 2 && acked.enrichments > before.enrichments + 2)
  stopLoad.abort()
  await load
  t.pass(`clients that retried went on: ${acked.tokens.length} token batches, ${acked.mails.length} mails, ${acked.enrichments} investigations`)

  const tokens = new Set((await tenant.sseAmericas.tokens()).map((tk) => tk.token))
  t.same(acked.tokens.filter((tk) => !tokens.has(tk)), [], 'every acknowledged token is stored')
  const day = 86_400_000
  const found = await tenant.esa.searchMessages({ startDate: new Date(Date.now() - day).toISOString(), endDate: new Date(Date.now() + day).toISOString(), limit: 1000 })
  const subjects = new Set(found.data.map((m) => String((m.attributes as { subject?: string }).subject)))
  t.same(acked.mails.filter((s) => !subjects.has(s)), [], 'every acknowledged mail is tracked')
  const { sightings } = await tenant.investigate('email_subject:"before the outage"')
  t.equal(sightings.length, 1, 'the whole chain CTR → SSE → ESA works again')
})
