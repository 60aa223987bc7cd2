// Troubleshooting "Error de registro debido a un token no válido o caducado": wrong region, expired, used up.
import { REGISTRATION_FAILED_MESSAGE } from './texts.ts'
import { enableOnEsaSteps, registerSteps } from './integrate-esa.ts'
import { expect, expectEqual, step, type Scenario, type ScenarioContext } from './runner.ts'
import { EsaClient } from '../esa.ts'
import type { EsaOrg } from '@ctrmock/types'
import { SERVER_LABELS, type SseRegionName } from '../cloud.ts'

function expectRegistrationFails(what: string) {
  return step(`Register with ${what} → "${REGISTRATION_FAILED_MESSAGE}"`, async ({ tenant, state }: ScenarioContext) => {
    await tenant.esa.register(String(state.token))
    const s = await tenant.esa.waitForState(['FAILED', 'REGISTERED'])
    expectEqual(s.registrationState, 'FAILED', 'registration state')
    expect((s.status ?? '').includes(REGISTRATION_FAILED_MESSAGE), `status text "${s.status}"`)
  })
}

function tokenFrom(region: SseRegionName) {
  return step(`SSE ${region}: generate a 1-device token`, async ({ tenant, state }: ScenarioContext) => {
    state.token = (await tenant.sse(region).generateTokens(1, '1h')).tokens[0]!.token
  })
}

const enableAmericas = enableOnEsaSteps('AMERICAS').slice(1)

export const regionMismatch: Scenario = {
  name: 'region-mismatch',
  description: 'A token generated in EUROPE (admin.eu.sse.itd.cisco.com) pasted into an ESA set to AMERICAS fails; the fix is a token from the right cloud.',
  steps: [
    ...enableAmericas,
    tokenFrom('EUROPE'),
    expectRegistrationFails('a EUROPE token'),
    step('SSE AMERICAS journal records the real reason: unknown token', async ({ cloud }) => {
      const entries = await cloud.controlPlanes['sse-americas'].journal({ path: '/device/v1/registrations', status: 401 })
      expect(entries.some((e) => /unknown token/i.test(e.note ?? '')), `journal notes: ${entries.map((e) => e.note).join(' | ')}`)
    }),
    step('fix: a token from SSE AMERICAS registers the ESA', async ({ tenant }) => {
      const americas = await tenant.registerEsa('AMERICAS')
      expectEqual(americas.state, 'REGISTERED', `registration with an AMERICAS token (${americas.status})`)
    }),
  ],
}

export const tokenExpired: Scenario = {
  name: 'token-expired',
  description: 'A 1h token used after it expired (this org\'s SSE clock moved 1h 1s ahead) fails; a fresh token works.',
  steps: [
    ...enableAmericas,
    tokenFrom('AMERICAS'),
    step('one hour and one second pass for this org in SSE AMERICAS', async ({ tenant }) => {
      await tenant.sseAmericas.control.setClock({ org: tenant.orgIn('AMERICAS'), advance: '3601s' })
    }),
    expectRegistrationFails('the expired token'),
    step('fix: a fresh token registers the ESA', async ({ tenant }) => {
      await tenant.sseAmericas.control.setClock({ org: tenant.orgIn('AMERICAS'), reset: true })
      const fresh = await tenant.registerEsa('AMERICAS')
      expectEqual(fresh.state, 'REGISTERED', `registration with a fresh token (${fresh.status})`)
    }),
  ],
}

export const tokenUsedUp: Scenario = {
  name: 'token-used-up',
  description: 'A 1-device token registers one ESA; a second ESA using the same token fails; a new token registers it.',
  steps: [
    ...enableAmericas,
    ...registerSteps('AMERICAS'),
    step('a second appliance of this org is enabled for AMERICAS', async ({ cloud, tenant, state }) => {
      const second = await cloud.controlPlanes.esa.createOrg<EsaOrg>({})
      const esa = new EsaClient(cloud.urls.esa, second, cloud.urls.smtpPort)
      await esa.editSettings({ enabled: true, server: SERVER_LABELS.AMERICAS })
      await esa.commit()
      await esa.control.setClock({ org: second.orgId, advance: '10m' })
      await esa.waitForState(['NOT_REGISTERED'])
      state.second = esa
      expect(tenant, 'tenant')
    }),
    step(`the second ESA registers with the used token → "${REGISTRATION_FAILED_MESSAGE}"`, async ({ state }) => {
      const esa = state.second as EsaClient
      await esa.register(String(state.token))
      const s = await esa.waitForState(['FAILED', 'REGISTERED'])
      expectEqual(s.registrationState, 'FAILED', 'second registration')
      expect((s.status ?? '').includes(REGISTRATION_FAILED_MESSAGE), `status text "${s.status}"`)
    }),
    step('fix: a new token registers the second ESA; SSE lists both', async ({ tenant, state }) => {
      const esa = state.second as EsaClient
      const token = (await tenant.sseAmericas.generateTokens(1, '1h')).tokens[0]!.token
      await esa.register(token)
      expectEqual((await esa.waitForState(['FAILED', 'REGISTERED'])).registrationState, 'REGISTERED', 'second registration')
      expectEqual((await tenant.sseAmericas.devices()).total, 2, 'devices in SSE')
    }),
  ],
}
