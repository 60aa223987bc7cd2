// CTIM's specs beyond the Swagger's types, which CTIA checks on every entity it stores (flows/crud.clj check-spec):
// a reference is a long id or a transient id, a time lies between 1970 and 2525-01-01T00:01, and a phase of the
// Lockheed-Martin kill chain is one of its seven (ctim schemas/common.cljc, domain/id.cljc, vocabularies.cljc).
import { CTIA_SPEC, type SwaggerSchema } from './ctia-spec.ts'

type Doc = Record<string, unknown>
type Path = (string | number)[]

const LONG_ID = /^https?:\/\/[-\da-zA-Z][-\da-zA-Z.]*(:\d+)?(\/[-\w.]+)*\/ctia\/[a-z][-a-z]+\/[a-z][-a-z]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const EARLIEST = Date.parse('1970-01-01T00:00:00.000Z')
const LATEST = Date.parse('2525-01-01T00:01:00.000Z')
const KILL_CHAIN = 'lockheed-martin-cyber-kill-chain'
const KILL_CHAIN_PHASES = new Set(['reconnaissance', 'weaponization', 'delivery', 'exploitation', 'installation', 'command-and-control', 'actions-on-objective'])

// The fields CTIM types as a Reference, per family ('*' is every item of a list).
const REFERENCES: Record<string, string[][]> = {
  relationship: [['source_ref'], ['target_ref']],
  feedback: [['entity_id']],
  note: [['related_entities', '*', 'entity_id']],
  indicator: [['specification', 'judgements', '*'], ['specification', 'required_judgements', '*', 'judgement_id'], ['composite_indicator_expression', 'indicator_ids', '*']],
  'asset-mapping': [['asset_ref']],
  'asset-properties': [['asset_ref']],
}

/** Every value at `path` in `doc`, with its concrete path. */
function valuesAt(value: unknown, path: string[], at: Path = []): [Path, unknown][] {
  if (path.length === 0) return [[at, value]]
  const [head, ...rest] = path
  if (head === '*') return Array.isArray(value) ? value.flatMap((item, i) => valuesAt(item, rest, [...at, i])) : []
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !(head! in value)) return []
  return valuesAt((value as Doc)[head!], rest, [...at, head!])
}

const timePathsOf = new Map<string, string[][]>()

/** The paths of a definition's date-time fields, through its nested definitions and lists. */
function timePaths(definition: string, seen: Set<string> = new Set()): string[][] {
  const known = timePathsOf.get(definition)
  if (known) return known
  if (seen.has(definition)) return []
  const paths: string[][] = []
  const walk = (schema: SwaggerSchema | undefined, at: string[]): void => {
    if (!schema) return
    const ref = typeof schema.$ref === 'string' ? schema.$ref.replace('#/definitions/', '') : undefined
    if (ref) return void paths.push(...timePaths(ref, new Set([...seen, definition])).map((p) => [...at, ...p]))
    if (schema.format === 'date-time') return void paths.push(at)
    if (schema.items) walk(schema.items as SwaggerSchema, [...at, '*'])
    for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, SwaggerSchema>)) walk(property, [...at, key])
  }
  walk(CTIA_SPEC.definitions[definition], [])
  timePathsOf.set(definition, paths)
  return paths
}

const failure = (value: unknown, predicate: string, at: Path) =>
  `${JSON.stringify(value)} - failed: ${predicate} in: [${at.map((p) => (typeof p === 'number' ? p : `:${p}`)).join(' ')}]`

/** What CTIA's spec check says of an entity of `type` (its New schema `definition`), if anything. */
export function ctimSpecProblem(type: string, definition: string, doc: Doc): string | undefined {
  const problems: string[] = []
  for (const path of REFERENCES[type] ?? []) {
    for (const [at, value] of valuesAt(doc, path)) {
      if (typeof value === 'string' && (value.length > 2048 || !(LONG_ID.test(value) || value.startsWith('transient:')))) problems.push(failure(value, '(or :long-id :transient-id)', at))
    }
  }
  for (const path of timePaths(definition)) {
    for (const [at, value] of valuesAt(doc, path)) {
      const time = typeof value === 'string' ? Date.parse(value) : NaN
      if (!(time >= EARLIEST && time < LATEST)) problems.push(failure(value, '(inst-in #inst "1970" #inst "2525-01-01T00:00:00.000-00:01")', at))
    }
  }
  for (const [at, phase] of valuesAt(doc, ['kill_chain_phases', '*'])) {
    const { kill_chain_name: chain, phase_name: name } = (phase ?? {}) as Doc
    if (chain === KILL_CHAIN && !KILL_CHAIN_PHASES.has(String(name))) problems.push(failure(phase, `(contains? kill-chain-phases phase_name)`, at))
  }
  return problems.length > 0 ? problems.join('\n') : undefined
}
