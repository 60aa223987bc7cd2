// Scenarios: named, documented sequences of steps with expected outcomes, run against any running stack.
import type { Cloud, Tenant } from '../cloud.ts'

export class ExpectationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExpectationError'
  }
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ExpectationError(message)
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new ExpectationError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

/** Runs `fn` expecting it to fail; returns the error for further checks. */
export async function expectFailure(fn: () => Promise<unknown>, what: string): Promise<Error> {
  try {
    await fn()
  } catch (error) {
    return error as Error
  }
  throw new ExpectationError(`${what}: expected a failure, but it succeeded`)
}

export interface ScenarioContext {
  cloud: Cloud
  tenant: Tenant
  /** Values steps hand to later steps. */
  state: Record<string, unknown>
}

export interface Step {
  name: string
  run(ctx: ScenarioContext): Promise<void>
}

export interface Scenario {
  name: string
  /** What a user sees in the tech note, and which troubleshooting case this is. */
  description: string
  steps: Step[]
}

export interface StepResult {
  name: string
  ok: boolean
  durationMs: number
  error?: string
}

export interface ScenarioResult {
  name: string
  ok: boolean
  durationMs: number
  steps: StepResult[]
}

export function step(name: string, run: Step['run']): Step {
  return { name, run }
}

/** Runs one scenario in a tenant of its own; stops at the first failing step. */
export async function runScenario(cloud: Cloud, scenario: Scenario, onStep?: (result: StepResult) => void): Promise<ScenarioResult> {
  const started = performance.now()
  const steps: StepResult[] = []
  const record = (result: StepResult) => {
    steps.push(result)
    onStep?.(result)
  }
  let tenant: Tenant | undefined
  const setupStart = performance.now()
  try {
    tenant = await cloud.createTenant()
    record({ name: 'create an isolated tenant', ok: true, durationMs: Math.round(performance.now() - setupStart) })
  } catch (error) {
    record({ name: 'create an isolated tenant', ok: false, durationMs: Math.round(performance.now() - setupStart), error: message(error) })
  }
  if (tenant) {
    const ctx: ScenarioContext = { cloud, tenant, state: {} }
    for (const s of scenario.steps) {
      const stepStart = performance.now()
      try {
        await s.run(ctx)
        record({ name: s.name, ok: true, durationMs: Math.round(performance.now() - stepStart) })
      } catch (error) {
        record({ name: s.name, ok: false, durationMs: Math.round(performance.now() - stepStart), error: message(error) })
        break
      }
    }
  }
  return { name: scenario.name, ok: steps.every((s) => s.ok), durationMs: Math.round(performance.now() - started), steps }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
