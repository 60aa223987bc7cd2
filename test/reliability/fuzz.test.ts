// Bad input against every route every service publishes: thousands of seeded cases, then the proof that nothing
// broke: no answer ≥ 500, every refusal in the vendor's error shape, every service alive, every table unchanged.
import t from 'tap'
import { writeFileSync } from 'node:fs'
import { apiTokenSecret, integratedOrg, intelEntitiesOf, intelIdOf, resourceIdOf, startWorld } from './helpers/world.ts'
import { profilesFor, profileOf } from './helpers/credentials.ts'
import { fuzzTarget, emptyStats, type Target } from './helpers/fuzz-run.ts'
import { differences, refusedAttemptsAudited, snapshotAll } from './helpers/db-snapshot.ts'
import { SeededRandom, SCALE, SEED } from './helpers/random.ts'
import type { Operation } from './helpers/openapi.ts'
import { playSmtpCase, smtpCases } from './helpers/smtp-fuzz.ts'
import { pool } from './helpers/raw-http.ts'

const SMTP_MAX_MESSAGE_BYTES = 65_536
// The intel service publishes CTIA's 258 operations, most with a dozen search parameters: a seeded draw per operation
// keeps its share of the run near the other services'.
const INTEL_CASES_PER_OPERATION = 8
// CTR (some 150 operations) and the ESA (its AsyncOS API, with the /config lists' many body fields): a seeded draw of
// this many cases each (every kind represented) keeps the whole fuzz within the test budget while every operation
// still meets every kind of bad input.
const CASES_PER_OPERATION = 30
// The intel service takes bundles and bulk writes of up to 20 MiB.
const INTEL_BODY_LIMIT = 20 * 1_048_576

t.test('every route refuses bad input in its vendor shape, stays up and changes nothing', async (t) => {
  const world = await startWorld(t, { SMTP_MAX_MESSAGE_BYTES: String(SMTP_MAX_MESSAGE_BYTES) })
  const org = await integratedOrg(world)
  const { applianceId } = org.tenant.appliance
  const profiles = profilesFor(world, org, await apiTokenSecret(world, applianceId))
  // A fault rule that never matches, so /__mock/faults/{id} has a real target whose row must not move.
  const faultIds: Record<string, string> = {}
  for (const name of ['ctr', 'sse-americas', 'esa', 'intel'] as const) {
    faultIds[name] = (await world.cloud.plane(name).addFault({ match: { path: '/never/matched/*' }, action: { type: 'error', status: 503 } })).id
  }
  const intel = await intelEntitiesOf(org.tenant, { type: 'ip', value: '198.51.100.34' }, 'reliability fuzz')
  const realId = (op: Operation, param: string): string | undefined =>
    param === 'id' && op.path.startsWith('/__mock/faults') ? faultIds[op.service === 'sse' ? 'sse-americas' : op.service]
      : op.service === 'intel' ? intelIdOf(intel, op.path, param) : resourceIdOf(org, op.path, param)
  const targets: Target[] = [
    { service: 'ctr', baseUrl: world.stack.urls.ctr, shape: 'iroh', maxCasesPerOperation: CASES_PER_OPERATION },
    { service: 'sse', baseUrl: world.stack.urls['sse-americas'], shape: 'iroh' },
    { service: 'esa', baseUrl: world.stack.urls.esa, shape: 'asyncos', maxCasesPerOperation: CASES_PER_OPERATION },
    { service: 'intel', baseUrl: world.stack.urls.intel, shape: 'ctia', maxCasesPerOperation: INTEL_CASES_PER_OPERATION, bodyLimit: INTEL_BODY_LIMIT },
  ]

  const before = await snapshotAll(world.databases)
  const random = new SeededRandom(SEED)
  const started = performance.now()
  const stats = emptyStats()
  for (const target of targets) {
    await fuzzTarget(target, { profile: (op) => profileOf(profiles, op), realId, random, bodyLimit: 1_048_576 }, stats)
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  t.comment(`HTTP fuzz: ${stats.cases} cases over ${stats.operations} operations in ${seconds} s (seed ${SEED}, scale ${SCALE})`)
  t.comment(`by service: ${JSON.stringify(stats.byService)}`)
  t.comment(`by kind: ${JSON.stringify(stats.byKind)}`)
  t.comment(`by status: ${JSON.stringify(stats.byStatus)}`)
  if (process.env.RELIABILITY_REPORT) writeFileSync(process.env.RELIABILITY_REPORT, JSON.stringify(stats, null, 1))
  t.same(stats.failures.slice(0, 40), [], `no case failed (${stats.failures.length} failures)`)

  const smtp = smtpCases(random, SMTP_MAX_MESSAGE_BYTES, org.tenant.appliance.smtp)
  const smtpFailures = (await pool(smtp, 8, (c) => playSmtpCase(world.stack.smtpPort, c))).filter((f): f is string => f !== undefined)
  t.comment(`SMTP fuzz: ${smtp.length} garbage sessions`)
  t.same(smtpFailures, [], 'the SMTP listener refuses every garbage session')
  t.comment(`total fuzz cases: ${stats.cases + smtp.length}`)
  t.ok(stats.cases + smtp.length >= 5000 * SCALE, `at least ${5000 * SCALE} fuzz cases in total`)

  for (const target of targets) {
    const health = await fetch(`${target.baseUrl}/__mock/health`)
    t.equal(health.status, 200, `${target.service} is alive after the fuzz`)
  }
  const after = await snapshotAll(world.databases)
  const changed = Object.keys(before).flatMap((name) => differences(before[name]!, after[name]!, refusedAttemptsAudited))
  t.same(changed.slice(0, 20), [], `no stored row changed (${changed.length} differences)`)
})
