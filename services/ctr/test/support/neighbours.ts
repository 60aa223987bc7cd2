// CTR over real HTTP with its neighbours: a fake SSE that trusts CTR's JWKS, and an ESA device behind it; a fake
// private intelligence too when asked (CTR then offers the Private Intelligence module and /iroh/private-intel).
import type { TeardownHost } from '@ctrmock/kit/testing'
import { listen, type ServiceApp } from '@ctrmock/kit'
import { buildTestApp } from '../helper.ts'
import { startFakeSse, type FakeSse } from './fake-sse.ts'
import { startFakeEsaDevice, type FakeEsaDevice } from './fake-esa-device.ts'
import { startFakeIntel, type FakeIntel } from './fake-intel.ts'

export interface Neighbourhood {
  app: ServiceApp
  ctrUrl: string
  sse: FakeSse
  esa: FakeEsaDevice
  intel?: FakeIntel
}

export async function buildNeighbourhood(t: TeardownHost, env: Record<string, string> = {}, options: { intel?: boolean } = {}): Promise<Neighbourhood> {
  let app: ServiceApp | undefined
  let ctrUrl = ''
  const now = () => app?.clock.now() ?? new Date()
  const sse = await startFakeSse(() => `${ctrUrl}/.well-known/jwks`, { now })
  t.teardown(() => sse.close())
  const esa = await startFakeEsaDevice()
  t.teardown(() => esa.close())
  const intel = options.intel ? await startFakeIntel(() => `${ctrUrl}/.well-known/jwks`, { now }) : undefined
  if (intel) t.teardown(() => intel.close())
  app = await buildTestApp(t, { SSE_URL: sse.url, MODULE_TIMEOUT_MS: '1500', ...(intel ? { INTEL_URL: intel.url } : {}), ...env })
  ctrUrl = await listen(app, 0)
  return { app, ctrUrl, sse, esa, ...(intel ? { intel } : {}) }
}
