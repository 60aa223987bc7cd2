// Regenerates services/ctr/CONFORMANCE.md: runs the contract exchanges against a fresh test database and writes
// which Swagger operations are implemented and validate.   pnpm --filter @ctrmock/ctr conformance
import { writeFileSync } from 'node:fs'
import { exerciseIroh } from '../test/support/exercise.ts'
import { CONFORMANCE_PATH, renderConformance } from '../test/support/conformance.ts'
import { describeErrors } from '../test/support/contract.ts'

const teardowns: Array<() => unknown> = []
try {
  const { exchanges } = await exerciseIroh({ teardown: (fn) => teardowns.push(fn) })
  for (const exchange of exchanges) if (exchange.documented && exchange.errors.length > 0) console.error(describeErrors(exchange))
  writeFileSync(CONFORMANCE_PATH, renderConformance(exchanges))
  console.log(`wrote ${CONFORMANCE_PATH.pathname}`)
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
process.exit(0)
