// preparedQuery: raw SQL through a client's own pool gives rows as $queryRaw does, and a lost server is recognisably
// "database unavailable" (a 503 for the caller), as Prisma's own errors are.
import t from 'tap'
import { createTestDatabase } from '../../src/testing/database.ts'
import { createPrismaClient, preparedQuery } from '../../src/db/index.ts'
import { isDatabaseUnavailable } from '../../src/errors/database-unavailable.ts'

t.test('rows read as $queryRaw reads them: DateTime as UTC whatever TZ is, JSON parsed, arrays as arrays', async (t) => {
  const { prisma } = await createTestDatabase(t)
  const at = new Date('2026-03-29T01:30:00.123Z') // inside the hour Europe/Berlin skips
  await prisma.mockFault.create({ data: { id: 'f1', pathPattern: '/x', actionType: 'error', createdAt: at } })
  const previous = process.env.TZ
  process.env.TZ = 'Europe/Berlin'
  t.teardown(() => {
    if (previous === undefined) delete process.env.TZ
    else process.env.TZ = previous
  })

  const statement = { name: 'fault-by-id', text: 'SELECT "id", "createdAt", ARRAY[\'a\', \'b\'] AS "list", \'{"k": 1}\'::jsonb AS "doc" FROM "MockFault" WHERE "id" = $1' }
  for (const round of [1, 2]) {
    const [row] = await preparedQuery<{ id: string; createdAt: Date; list: string[]; doc: unknown }>(prisma, statement, ['f1'])
    t.equal(row?.createdAt.toISOString(), at.toISOString(), `round ${round}: the stored instant`)
    t.same(row?.list, ['a', 'b'])
    t.same(row?.doc, { k: 1 })
  }
  const [viaPrisma] = await prisma.$queryRaw<Array<{ createdAt: Date }>>`SELECT "createdAt" FROM "MockFault" WHERE "id" = 'f1'`
  t.equal(viaPrisma?.createdAt.toISOString(), at.toISOString(), 'as $queryRaw gives it')
})

t.test('a server that cannot be reached fails as database-unavailable; a bad statement does not', async (t) => {
  const { prisma } = await createTestDatabase(t)
  const bad = await preparedQuery(prisma, { text: 'SELECT nope FROM "MockFault"' }, []).then(() => undefined, (e: unknown) => e)
  t.match(bad, { message: /nope/ }, 'the statement fails, naming the column')
  t.notOk(isDatabaseUnavailable(bad), 'not as an unavailable database')

  const unreachable = createPrismaClient('postgresql://postgres:postgres@127.0.0.1:1/none', { connectionTimeoutMs: 2_000 })
  t.teardown(() => unreachable.$disconnect())
  const error = await preparedQuery(unreachable, { text: 'SELECT 1' }, []).then(() => undefined, (e: unknown) => e)
  t.ok(error, 'it fails')
  t.ok(isDatabaseUnavailable(error), 'as a database that is unavailable')
})
