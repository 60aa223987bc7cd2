// CTR over real HTTP with its neighbours: a fake SSE that trusts CTR's JWKS, and an ESA device behind it.
import type { TeardownHost } from '@ctrmock/kit/testing'
import { listen, type ServiceApp } from '@ctrmock/kit'
import { buildTestApp } from '../helper.ts'
import { startFakeSse, type FakeSse } from './fake-sse.ts'
import { startFakeEsaDevice, type FakeEsaDevice } from './fake-esa-device.ts'

export interface Neighbourhood {
  app: ServiceApp
  ctrUrl: string
  sse: FakeSse
  esa: FakeEsaDevice
}

export async function buildNeighbourhood(t: TeardownHost, env: Record<string, string> = {}): Promise<Neighbourhood> {
  let app: ServiceApp | undefined
  let ctrUrl = ''
  const sse = await startFakeSse(() => `${ctrUrl}/.well-known/jwks`, { now: () => app?.clock.now() ?? new Date() })
  t.teardown(() => sse.close())
  const esa = await startFakeEsaDevice()
  t.teardown(() => esa.close())
  app = await buildTestApp(t, { SSE_URL: sse.url, MODULE_TIMEOUT_MS: '1500', ...env })
  ctrUrl = await listen(app, 0)
  return { app, ctrUrl, sse, esa }
}
