// CTR over real HTTP with its neighbours: a fake SSE that trusts CTR's JWKS, and an ESA device behind it.
import { createServer } from 'node:net'
import type { TeardownHost } from '@ctrmock/kit/testing'
import { listen, type ServiceApp } from '@ctrmock/kit'
import { buildTestApp } from '../helper.ts'
import { startFakeSse, type FakeSse } from './fake-sse.ts'
import { startFakeEsaDevice, type FakeEsaDevice } from './fake-esa-device.ts'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface Neighbourhood {
  app: ServiceApp
  ctrUrl: string
  sse: FakeSse
  esa: FakeEsaDevice
}

export async function buildNeighbourhood(t: TeardownHost, env: Record<string, string> = {}): Promise<Neighbourhood> {
  const port = await freePort()
  const ctrUrl = `http://127.0.0.1:${port}`
  let app: ServiceApp | undefined
  const sse = await startFakeSse(`${ctrUrl}/.well-known/jwks`, { now: () => app?.clock.now() ?? new Date() })
  t.teardown(() => sse.close())
  const esa = await startFakeEsaDevice()
  t.teardown(() => esa.close())
  app = await buildTestApp(t, { SSE_URL: sse.url, MODULE_TIMEOUT_MS: '1500', ...env })
  await listen(app, port)
  return { app, ctrUrl, sse, esa }
}
