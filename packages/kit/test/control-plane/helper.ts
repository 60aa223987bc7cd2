// A tiny service built with the kit, so the control plane is tested exactly as services get it.
import type { Test } from 'tap'
import { Type } from '@sinclair/typebox'
import { buildService, type ErrorShape, type ServiceApp } from '../../src/index.ts'
import { createTestDatabase } from '../../src/testing/index.ts'

export async function buildTinyService(t: Test, opts: { errorShape?: ErrorShape; journalSize?: number; databaseUrl?: string; resets?: Array<string | undefined> } = {}): Promise<ServiceApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase(t)).url
  const app = await buildService({
    service: 'tiny', region: 'AMERICAS', errorShape: opts.errorShape ?? 'iroh', databaseUrl, logger: false,
    journalSize: opts.journalSize ?? 100,
    hooks: { reset: async (org) => { opts.resets?.push(org) } },
  })
  app.get('/now', async (request) => ({ now: app.clock.now(request.org).toISOString() }))
  // The time read after a database round trip: the org of the request must survive the await.
  app.get('/now-after-query', async (request) => {
    await app.prisma.$queryRaw`SELECT 1`
    return { now: app.clock.now(request.org).toISOString() }
  })
  app.get('/things/:id', { schema: { params: Type.Object({ id: Type.String() }) } }, async (request) => ({ id: request.params.id }))
  t.teardown(() => app.close())
  return app
}
