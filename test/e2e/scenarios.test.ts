// Every scenario of the tech note, against the embedded stack (real Postgres, real HTTP, real SMTP), one after the
// other and then all at once: each runs in a tenant of its own.
import t, { type Test } from 'tap'
import { SCENARIOS, runScenario, type ScenarioResult } from '@ctrmock/client'
import { startTestStack } from '../helpers/stack.ts'

function report(t: Test, result: ScenarioResult): void {
  const failed = result.steps.find((s) => !s.ok)
  t.ok(result.ok, `${result.name}${failed ? ` failed at "${failed.name}": ${failed.error}` : ''}`)
}

// The ESA retries a failed registration after 0.2 s, 0.4 s, 0.8 s instead of its default 1 s, 2 s, 4 s: sse-outage's
// retries took 7 s of each run, which was otherwise about 6 s. Compose's test runs every scenario with the defaults.
const FAST_RETRIES = { env: { REGISTRATION_RETRY_BASE_MS: '200' } }

t.test('every scenario passes against the embedded stack', async (t) => {
  const { cloud } = await startTestStack(t, FAST_RETRIES)
  await cloud.waitReady()
  for (const scenario of SCENARIOS) report(t, await runScenario(cloud, scenario))
})

t.test('all scenarios pass when run at once against one stack', async (t) => {
  const { cloud } = await startTestStack(t, FAST_RETRIES)
  await cloud.waitReady()
  const results = await Promise.all(SCENARIOS.map((s) => runScenario(cloud, s)))
  for (const result of results) report(t, result)
})
