// `ctrmock scenario list | run <name…> | run --all [--parallel]`: the tech note and its troubleshooting cases.
import { SCENARIOS, runScenario, scenarioByName, type ScenarioResult, type Scenario } from '@ctrmock/client'
import type { Args } from '../args.ts'
import { cloudFromArgs } from '../cloud-from-args.ts'
import { renderTable } from '../table.ts'

export async function scenario(args: Args): Promise<number> {
  const [sub, ...names] = args.positionals.slice(1)
  const json = Boolean(args.flags.json)
  if (sub === 'list') {
    if (json) console.log(JSON.stringify(SCENARIOS.map((s) => ({ name: s.name, description: s.description, steps: s.steps.map((x) => x.name) }))))
    else console.log(renderTable(SCENARIOS.map((s) => ({ name: s.name, description: s.description })), ['name', 'description']))
    return 0
  }
  if (sub !== 'run') throw new Error('usage: ctrmock scenario list | run <name…> | run --all [--parallel]')
  const chosen: Scenario[] = args.flags.all ? [...SCENARIOS] : names.map((n) => {
    const found = scenarioByName(n)
    if (!found) throw new Error(`unknown scenario "${n}"; see ctrmock scenario list`)
    return found
  })
  if (chosen.length === 0) throw new Error('name at least one scenario, or --all')
  const cloud = cloudFromArgs(args)
  await cloud.waitReady(Number(args.flags.timeout ?? 15_000))
  const print = (s: Scenario, r: ScenarioResult) => {
    if (json) return
    console.log(`${r.ok ? '✓' : '✗'} ${s.name} (${(r.durationMs / 1000).toFixed(1)} s)`)
    for (const st of r.steps) console.log(`   ${st.ok ? '✓' : '✗'} ${st.name} (${st.durationMs} ms)${st.error ? `\n      ${st.error}` : ''}`)
  }
  const results: ScenarioResult[] = []
  if (args.flags.parallel) {
    const all = await Promise.all(chosen.map((s) => runScenario(cloud, s)))
    all.forEach((r, i) => { print(chosen[i]!, r); results.push(r) })
  } else {
    for (const s of chosen) {
      const r = await runScenario(cloud, s)
      print(s, r)
      results.push(r)
    }
  }
  const failed = results.filter((r) => !r.ok).length
  if (json) console.log(JSON.stringify({ passed: results.length - failed, failed, results }))
  else console.log(`\n${renderTable([{ scenarios: results.length, passed: results.length - failed, failed }], ['scenarios', 'passed', 'failed'])}`)
  return failed === 0 ? 0 : 1
}
