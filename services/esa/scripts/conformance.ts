// Regenerates services/esa/CONFORMANCE.md from the agent's OpenAPI document.   pnpm --filter @ctrmock/esa conformance
import { writeFileSync } from 'node:fs'
import { createTestDatabase } from '@ctrmock/kit/testing'
import { loadConfig } from '@ctrmock/kit'
import { buildEsaApp } from '../src/app.ts'
import { EsaEnv } from '../src/config.ts'
import { CONFORMANCE_PATH, renderConformance } from '../test/support/conformance.ts'

const teardowns: Array<() => unknown> = []
try {
  const database = await createTestDatabase({ teardown: (fn: () => unknown) => teardowns.push(fn) })
  const app = await buildEsaApp(loadConfig(EsaEnv, { PORT: '0', SMTP_PORT: '0', DATABASE_URL: database.url, LOG_LEVEL: 'silent' }), { prisma: database.prisma, logger: false })
  teardowns.push(() => app.close())
  await app.ready()
  writeFileSync(CONFORMANCE_PATH, renderConformance(app.swagger() as never))
  console.log(`wrote ${CONFORMANCE_PATH.pathname}`)
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
process.exit(0)
