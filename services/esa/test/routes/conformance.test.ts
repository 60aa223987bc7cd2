// CONFORMANCE.md says which endpoints of the AsyncOS API inventory the agent serves: it must match the routes the
// agent really has, and every endpoint it leaves unserved must say why.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildTestApp } from '../helper.ts'
import { CONFORMANCE_PATH, renderConformance, unexplained } from '../support/conformance.ts'

const app = await buildTestApp(t)
await app.ready()
const openapi = app.swagger() as never

t.test('CONFORMANCE.md is up to date (pnpm --filter @ctrmock/esa conformance)', async (t) => {
  t.equal(readFileSync(CONFORMANCE_PATH, 'utf8'), renderConformance(openapi))
})

t.test('every inventory endpoint the agent does not serve has its reason', async (t) => {
  t.same(unexplained(openapi), [])
})
