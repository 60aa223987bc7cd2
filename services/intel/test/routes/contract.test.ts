// Every operation of Cisco's CTIA Swagger is called once; each must answer a documented status
// with a request and response that validate against the Swagger, and CONFORMANCE.md says exactly that.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { formatContractErrors } from '@ctrmock/kit/contract'
import { exerciseIntel } from '../support/exercise.ts'
import { CONFORMANCE_PATH, renderConformance } from '../support/conformance.ts'

// Operations that need capabilities no IROH token carries: CTIA answers them 403 missing_capability.
const REFUSED = new Set(['PUT /ctia/judgement/{id}', 'DELETE /ctia/event/{id}', 'DELETE /ctia/event/search'])

t.test('the intel service conforms to Cisco\'s CTIA Swagger', async (t) => {
  const { exchanges } = await exerciseIntel(t)
  t.ok(exchanges.length >= 258, 'every Swagger operation is called')
  for (const exchange of exchanges) {
    if (REFUSED.has(exchange.operation)) {
      t.equal(exchange.status, 403, `${exchange.operation} is refused, as CTIA refuses it to every IROH token (it needs the developer capability)`)
      continue
    }
    t.ok(exchange.status < 400, `${exchange.operation} succeeds (${exchange.status})`)
    t.ok(exchange.documented, `${exchange.operation} answers a documented status (${exchange.status})`)
    t.equal(formatContractErrors(exchange.errors), '', `${exchange.operation} validates`)
  }
  t.equal(readFileSync(CONFORMANCE_PATH, 'utf8'), renderConformance(exchanges), 'CONFORMANCE.md is up to date (pnpm --filter @ctrmock/intel conformance)')
})
