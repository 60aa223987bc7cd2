// Regenerates services/intel/CONFORMANCE.md: runs the contract exchanges against a fresh test database and writes
// which Swagger operations are implemented and validate.   pnpm --filter @ctrmock/intel conformance
import { writeFileSync } from 'node:fs'
import { exerciseIntel } from '../test/support/exercise.ts'
import { CONFORMANCE_PATH, renderConformance } from '../test/support/conformance.ts'

const teardowns: Array<() => unknown> = []
try {
  const { exchanges } = await exerciseIntel({ teardown: (fn) => teardowns.push(fn) })
  for (const e of exchanges) {
    if (e.errors.length > 0 || e.status >= 400) console.error(`${e.operation} → ${e.status}${e.documented ? '' : ' (undocumented)'}: ${JSON.stringify(e.errors).slice(0, 400)}`)
  }
  writeFileSync(CONFORMANCE_PATH, renderConformance(exchanges))
  console.log(`wrote ${CONFORMANCE_PATH.pathname}`)
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
process.exit(0)
