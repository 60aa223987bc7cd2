// The embedded Postgres launcher: a real server on loopback, reusing its data folder across restarts.
import { spawnSync } from 'node:child_process'
import net from 'node:net'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import type { Test } from 'tap'
import { postmasterPid, startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from '../../src/db/embedded-postgres.ts'
import { OWNER_FILE } from '../../src/db/data-dir-owner.ts'
import { quietPorts } from '../../src/testing/ports.ts'
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
  // A short path, so the data folder can hold the server's Unix socket.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ctrmock-pg-'))
  chmodSync(dataDir, 0o755) // as root, the server runs as the postgres user and must reach its folder
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const { start } = scratch(t)
  const first = await start({ dataDir, port: 0 })
  t.equal(new URL(first.url).searchParams.get('host'), dataDir, 'the URL goes through the Unix socket in the data folder')
  const [version] = await query<{ server_version_num: string }>(first.url, 'SHOW server_version_num')
  t.ok(Number(version?.server_version_num) >= 180000, 'Postgres 18')
  t.same(await query(first.url, 'SHOW listen_addresses'), [{ listen_addresses: '127.0.0.1' }], 'TCP on loopback only')
  t.same(await query(`postgresql://postgres:postgres@127.0.0.1:${first.port}/postgres`, 'SELECT 1 AS ok'), [{ ok: 1 }], 'and TCP answers too')
  const cluster = await query<{ id: string }>(first.url, 'SELECT system_identifier::text AS id FROM pg_control_system()')
  await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)')
  await first.stop()
  await first.stop() // idempotent
  await t.rejects(query(first.url, 'SELECT 1'), /ECONNREFUSED|ENOENT/, 'stopped')

  const second = await start({ dataDir, port: 0 })
  // initdb would have made a new cluster, with a new system identifier.
  t.same(await query(second.url, 'SELECT system_identifier::text AS id FROM pg_control_system()'), cluster, 'no initdb the second time: the same cluster')
  t.same(await query(second.url, 'SELECT id FROM kept'), [{ id: 7 }], 'the data survived the restart')
})

t.test('refuses a data folder that a running server already uses', async (t) => {
  const { dir, start } = scratch(t)
  // Too long a path for a Unix socket: the server is reached over TCP instead.
  const dataDir = path.join(dir, 'a-data-folder-with-a-name-long-enough-that-no-socket-path-inside-it-can-be-bound-by-postgres')
  const running = await start({ dataDir, port: 0 })
  t.match(running.url, /^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/)
  await t.rejects(start({ dataDir, port: 0 }), /already running/)
  t.same(await query(running.url, 'SELECT 1 AS ok'), [{ ok: 1 }], 'the running one is untouched')
})

t.test('stops a server whose owner is gone (killed, its terminal closed) and starts on the folder', async (t) => {
  const { dir, start } = scratch(t)
  const dataDir = path.join(dir, 'pgdata')
  const left = await start({ dataDir, port: 0 })
  await query(left.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)')
  // The record now names a process that has exited, as after a kill -9 of the process that started the server.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  const record = JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8'))
  writeFileSync(path.join(dataDir, OWNER_FILE), JSON.stringify({ ...record, pid: Number(gone.stdout), startTime: '1' }))
  const notices: string[] = []
  const next = await start({ dataDir, port: 0, notice: (message) => notices.push(message) })
  t.match(notices, [/^stopping the Postgres \(PID \d+\) left running on .* by ctrmock \(PID \d+, .*, which is gone$/])
  await t.rejects(query(left.url, 'SELECT 1'), /ECONNREFUSED/, 'the one left running was stopped')
  t.same(await query(next.url, 'SELECT id FROM kept'), [{ id: 7 }], 'and its data is served by the new one')
  t.match(JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')), { pid: process.pid, postgres: { port: next.port } }, 'which the folder names')
  await next.stop()
  t.notOk(existsSync(path.join(dataDir, OWNER_FILE)), 'a stop removes the record')
})

t.test('a server that exits on its own (as after a PANIC on a full disk) is started again on the same port', async (t) => {
  const { dir, start } = scratch(t)
  const dataDir = path.join(dir, 'pgdata')
  // It comes back on the port it had, so the port is one no outgoing connection can take meanwhile.
  const [port] = await quietPorts('embedded-postgres', 1)
  const server = await start({ dataDir, port: port! })
  await query(server.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)')
  const first = await postmasterPid(dataDir)
  process.kill(first!, 'SIGQUIT') // immediate shutdown: the postmaster exits without a checkpoint, as a crash would
  const deadline = Date.now() + 30_000
  let again: number | undefined
  while (!again || again === first) {
    if (Date.now() > deadline) throw new Error('not started again within 30 s')
    await new Promise((resolve) => setTimeout(resolve, 50))
    again = await postmasterPid(dataDir)
  }
  const kept = await retryQuery(server.url, 'SELECT id FROM kept', deadline)
  t.same(kept, [{ id: 7 }], 'started again, after crash recovery, with its data')
})

/** The query once the server accepts connections (it may still be recovering). */
async function retryQuery(url: string, sql: string, deadline: number): Promise<unknown[]> {
  for (;;) {
    try {
      return await query(url, sql)
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

t.test('fails with the server log when Postgres cannot start', async (t) => {
  const { dir, start } = scratch(t)
  const running = await start({ dataDir: path.join(dir, 'pgdata'), port: 0 })
  await t.rejects(
    start({ dataDir: path.join(dir, 'other'), port: running.port }),
    /failed to start on 127\.0\.0\.1:\d+[\s\S]*(in use|could not)/,
  )
})

t.test('on port 0, a picked port another process binds first is replaced by a fresh pick', async (t) => {
  const { dir, start } = scratch(t)
  // The first free port the launcher picks is bound by another process right after its probe lets it go.
  const listen = net.Server.prototype.listen
  const squatter = net.createServer()
  let squatted = 0
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    net.Server.prototype.listen = listen
    const close = this.close
    this.close = (callback?: (error?: Error) => void) => {
      squatted = (this.address() as net.AddressInfo).port
      return close.call(this, () => squatter.listen(squatted, '127.0.0.1', () => callback?.()))
    }
    return listen.apply(this, args as Parameters<typeof listen>)
  } as typeof listen
  t.teardown(() => {
    net.Server.prototype.listen = listen
    return new Promise<void>((resolve) => squatter.close(() => resolve()))
  })
  const running = await start({ dataDir: path.join(dir, 'pgdata'), port: 0 })
  t.ok(squatter.listening && squatted > 0, `port ${squatted} was taken before Postgres bound it`)
  t.not(running.port, squatted, 'Postgres runs on another port')
  t.same(await query(running.url, 'SELECT 1 AS ok'), [{ ok: 1 }], 'and answers')
})
