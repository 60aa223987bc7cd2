// Every scenario of the tech note, against the embedded stack (real Postgres, real HTTP, real SMTP), one after the
// other and then all at once: each runs in a tenant of its own.
import t, { type Test } from 'tap'
import { SCENARIOS, runScenario, type ScenarioResult } from '@ctrmock/client'
import { startTestStack } from '../helpers/stack.ts'

function report(t: Test, result: ScenarioResult): void {
  const failed = result.steps.find((s) => !s.ok)
  t.ok(result.ok, `${result.name}${failed ? ` failed at "${failed.name}": ${failed.error}` : ''}`)
}

// Shorter registration retries than the ESA's defaults, so sse-outage's waits do not dominate the run; compose's test
// runs every scenario with the defaults.
const FAST_RETRIES = { env: { REGISTRATION_RETRY_BASE_MS: '200' } }

const { cloud } = await startTestStack(t, FAST_RETRIES)
await cloud.waitReady()

t.test('every scenario passes against the embedded stack', async (t) => {
  for (const scenario of SCENARIOS) report(t, await runScenario(cloud, scenario))
})

// On the same stack: each scenario's tenant is new, so what the runs above left behind cannot help or hinder.
t.test('all scenarios pass when run at once against one stack', async (t) => {
  const results = await Promise.all(SCENARIOS.map((s) => runScenario(cloud, s)))
  for (const result of results) report(t, result)
})
