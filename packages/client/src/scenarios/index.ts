// Every scenario, by name.
import type { Scenario } from './runner.ts'
import { integrateEsa } from './integrate-esa.ts'
import { regionMismatch, tokenExpired, tokenUsedUp } from './registration-failures.ts'
import { uncommittedChanges, cloudBusy, asyncosTooOld, ctrDisabledInSse, wrongCtrRegion, wrongSyntax } from './setup-failures.ts'
import { sseOutage, deviceOffline } from './outages.ts'
import { privateIntelInvestigation } from './private-intel.ts'

export const SCENARIOS: readonly Scenario[] = [
  integrateEsa, regionMismatch, tokenExpired, tokenUsedUp, ctrDisabledInSse, uncommittedChanges,
  wrongCtrRegion, wrongSyntax, asyncosTooOld, cloudBusy, deviceOffline, sseOutage, privateIntelInvestigation,
]

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name)
}

export { runScenario, type Scenario, type ScenarioResult, type StepResult } from './runner.ts'
