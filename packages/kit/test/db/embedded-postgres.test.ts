// The embedded Postgres launcher: a real server on loopback, reusing its data folder across restarts.
import path from 'node:path'
import t from 'tap'
import type { Test } from 'tap'
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from '../../src/db/embedded-postgres.ts'
import { query } from './helper.ts'

/** A folder for data, and a start function whose servers are stopped before tap removes that folder. */
function scratch(t: Test): { dir: string; start: (options: EmbeddedPostgresOptions) => Promise<EmbeddedPostgres> } {
  const servers: EmbeddedPostgres[] = []
  t.teardown(() => Promise.all(servers.map((server) => server.stop()))) // before testdir's own teardown
  const dir = t.testdir()
  return {
    dir,
    start: async (options) => {
      const server = await startEmbeddedPostgres(options)
      servers.push(server)
      return server
    },
  }
}

t.test('starts on a fresh data folder, keeps its data, and restarts the same cluster on the same folder', async (t) => {
  const { dir, start } = scratch(t)
  const dataDir = path.join(dir, 'pgdata')
  const first = await start({ dataDir, port: 0 })
  t.match(first.url, /^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/)
  const [version] = await query<{ server_version_num: string }>(first.url, 'SHOW server_version_num')
  t.ok(Number(version?.server_version_num) >= 180000, 'Postgres 18')
  t.same(await query(first.url, 'SHOW listen_addresses'), [{ listen_addresses: '127.0.0.1' }], 'loopback only')
  t.same(await query(first.url, 'SHOW unix_socket_directories'), [{ unix_socket_directories: '' }], 'no Unix socket')
  const cluster = await query<{ id: string }>(first.url, 'SELECT system_identifier::text AS id FROM pg_control_system()')
  await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)')
  await first.stop()
  await first.stop() // idempotent
  await t.rejects(query(first.url, 'SELECT 1'), /ECONNREFUSED/, 'stopped')

  const second = await start({ dataDir, port: 0 })
  // initdb would have made a new cluster, with a new system identifier.
  t.same(await query(second.url, 'SELECT system_identifier::text AS id FROM pg_control_system()'), cluster, 'no initdb the second time: the same cluster')
  t.same(await query(second.url, 'SELECT id FROM kept'), [{ id: 7 }], 'the data survived the restart')
})

t.test('refuses a data folder that a running server already uses', async (t) => {
  const { dir, start } = scratch(t)
  const dataDir = path.join(dir, 'pgdata')
  const running = await start({ dataDir, port: 0 })
  await t.rejects(start({ dataDir, port: 0 }), /already running/)
  t.same(await query(running.url, 'SELECT 1 AS ok'), [{ ok: 1 }], 'the running one is untouched')
})

t.test('fails with the server log when Postgres cannot start', async (t) => {
  const { dir, start } = scratch(t)
  const running = await start({ dataDir: path.join(dir, 'pgdata'), port: 0 })
  await t.rejects(
    start({ dataDir: path.join(dir, 'other'), port: running.port }),
    /failed to start on 127\.0\.0\.1:\d+[\s\S]*(in use|could not)/,
  )
})
