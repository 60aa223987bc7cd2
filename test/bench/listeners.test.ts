// `pnpm bench --running` reads RSS and CPU of the local processes behind the base URLs, found by their listening port.
import { createServer } from 'node:net'
import t from 'tap'
import { listenersOf } from '../../bench/lib/listeners.ts'
import { freePorts } from '@ctrmock/kit'

t.test('the process listening on a port is found; a port nobody listens on is not', async (t) => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const port = (server.address() as { port: number }).port
  const [idle] = await freePorts(1) as [number]
  const found = listenersOf([idle, port])
  t.same(found.map(({ port: p, pid }) => ({ port: p, pid })), [{ port, pid: process.pid }])
  t.equal(found[0]!.command, 'node')
  t.same(listenersOf([idle]), [])
})
