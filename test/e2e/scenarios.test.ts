// Every scenario of the tech note, against the embedded stack (real Postgres, real HTTP, real SMTP), one after the
// other and then all at once: each runs in a tenant of its own.
import t, { type Test } from 'tap'
import { SCENARIOS, runScenario, type ScenarioResult } from '@ctrmock/client'
import { startTestStack } from '../helpers/stack.ts'

function report(t: Test, result: ScenarioResult): void {
  const failed = result.steps.find((s) => !s.ok)
  t.ok(result.ok, `${result.name}${failed ? ` failed at "${failed.name}": ${failed.error}` : ''}`)
}

// One after the other, the ESA retries a failed registration after 0.2 s, 0.4 s, ... instead of its default 1 s, 2 s,
// 4 s (sse-outage's retries took 7 of this test's 17 s); the run at once keeps every default.
t.test('every scenario passes against the embedded stack', async (t) => {
  const { cloud } = await startTestStack(t, { env: { REGISTRATION_RETRY_BASE_MS: '200' } })
  await cloud.waitReady()
  for (const scenario of SCENARIOS) report(t, await runScenario(cloud, scenario))
})

t.test('all scenarios pass when run at once against one stack', async (t) => {
  const { cloud } = await startTestStack(t)
  await cloud.waitReady()
  const results = await Promise.all(SCENARIOS.map((s) => runScenario(cloud, s)))
  for (const result of results) report(t, result)
})
