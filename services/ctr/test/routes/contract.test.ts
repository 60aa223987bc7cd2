// Contract: every IROH operation CTR implements validates against Cisco's Swagger, requests and responses, and
// CONFORMANCE.md says exactly that.
import { readFileSync } from 'node:fs'
import { test } from 'tap'
import { exerciseIroh } from '../support/exercise.ts'
import { describeErrors, notImplementedOperations, swaggerOperations } from '../support/contract.ts'
import { CONFORMANCE_PATH, renderConformance } from '../support/conformance.ts'

test('CTR against Cisco\'s IROH Swagger', async (t) => {
  const { exchanges, notImplementedStatuses } = await exerciseIroh(t)
  const notImplemented = new Set(notImplementedOperations().map(([m, p]) => `${m} ${p}`))

  await t.test('every request and documented response of the exchanges validates', async (t) => {
    for (const exchange of exchanges.filter((e) => e.documented)) {
      t.same(exchange.errors, [], describeErrors(exchange))
    }
  })

  await t.test('every implemented Swagger operation is exercised with a validated 2xx answer or page redirect', async (t) => {
    const all = swaggerOperations().map((o) => o.operation)
    t.ok(notImplementedOperations().every(([m, p]) => all.includes(`${m} ${p}`)), 'the not-implemented list names Swagger operations only')
    for (const operation of all.filter((o) => !notImplemented.has(o))) {
      // The browser pages (only a `default` response in the Swagger) succeed by redirecting.
      const ok = exchanges.some((e) => e.operation === operation && (e.status < 300 || e.status === 302) && e.documented && e.errors.length === 0)
      t.ok(ok, `${operation} answers 2xx (or a page's redirect) and validates`)
    }
  })

  await t.test('operations not implemented answer 501', async (t) => {
    for (const [operation, status] of notImplementedStatuses) t.equal(status, 501, operation)
  })

  await t.test('CONFORMANCE.md is up to date (pnpm --filter @ctrmock/ctr conformance)', async (t) => {
    t.equal(readFileSync(CONFORMANCE_PATH, 'utf8'), renderConformance(exchanges))
  })
})
