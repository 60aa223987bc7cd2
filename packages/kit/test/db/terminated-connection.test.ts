// A connection the server ends while a caller holds it (pg_terminate_backend, a database dropped WITH (FORCE), a
// restart) fails that caller's next statement; the process goes on, and the pool's next query gets a new connection.
import t from 'tap'
import pg from 'pg'
import { connectionPool } from '../../src/db/database.ts'
import { createTestDatabase } from '../../src/testing/index.ts'

t.test('a held connection the server ends does not end the process', async (t) => {
  const { url } = await createTestDatabase(t)
  const pool = connectionPool(new URL(url), { max: 2, connectionTimeoutMs: 10_000 })
  t.teardown(() => pool.end())
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  t.teardown(() => admin.end())

  const held = await pool.connect()
  const backend = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
  const ended = new Promise<void>((resolve) => held.once('end', () => resolve()))
  await admin.query('SELECT pg_terminate_backend($1)', [backend])
  await ended

  await t.rejects(held.query('SELECT 1'), 'the holder\'s next statement fails')
  held.release(true)
  t.same((await pool.query('SELECT 2 AS two')).rows, [{ two: 2 }], 'the next query runs on a new connection')
})
