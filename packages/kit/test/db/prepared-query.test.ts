// preparedQuery: raw SQL through a client's own pool gives rows as $queryRaw does, and a lost server is recognisably
// "database unavailable" (a 503 for the caller), as Prisma's own errors are.
import t from 'tap'
import { createTestDatabase, testServerUrl } from '../../src/testing/database.ts'
import { createPrismaClient, preparedQuery } from '../../src/db/index.ts'
import { withServerConnection } from '../../src/db/database.ts'
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

t.test('a connection the server ends while idle in the pool neither crashes the process nor the next query', async (t) => {
  const { prisma, name } = await createTestDatabase(t)
  // Only preparedQuery has used the pool: Prisma has not connected, so its adapter has added no listener to it.
  t.same(await preparedQuery(prisma, { text: 'SELECT 1 AS "one"' }, []), [{ one: 1 }])
  const ended = await withServerConnection(await testServerUrl(), (client) => client.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]))
  t.equal(ended.rowCount, 1, 'the pool\'s one connection was ended by the server')
  await new Promise((resolve) => setTimeout(resolve, 200)) // the client reads the server's FATAL message
  t.same(await preparedQuery(prisma, { text: 'SELECT 2 AS "two"' }, []), [{ two: 2 }], 'the next query opens a new connection')
})
