// Faults injected on demand: an SSE outage during registration, and an ESA that goes offline after integration.
import { enableOnEsaSteps, generateTokenStep, integratedSteps } from './integrate-esa.ts'
import { expect, expectEqual, step, type Scenario } from './runner.ts'

export const sseOutage: Scenario = {
  name: 'sse-outage',
  description: 'SSE AMERICAS answers 503 to registrations for a while; the ESA stays in progress, retries and completes with one device.',
  steps: [
    ...enableOnEsaSteps('AMERICAS').slice(1),
    generateTokenStep('AMERICAS'),
    step('SSE AMERICAS starts failing registrations with 503 (3 times)', async ({ tenant, state }) => {
      const rule = await tenant.sseAmericas.control.addFault({ match: { method: 'POST', path: '/device/v1/registrations' }, action: { type: 'error', status: 503 }, times: 3 })
      state.faultId = rule.id
    }),
    step('Register: the ESA keeps retrying and completes once SSE answers', async ({ tenant, state }) => {
      await tenant.esa.register(String(state.token))
      const s = await tenant.esa.waitForState(['REGISTERED', 'FAILED'], 30_000)
      expectEqual(s.registrationState, 'REGISTERED', `registration (${s.status})`)
      const rule = (await tenant.sseAmericas.control.faults()).find((f) => f.id === state.faultId)
      expect(!rule || rule.fired === 3, `the outage fault fired 3 times (${rule?.fired})`)
      await tenant.sseAmericas.control.deleteFault(String(state.faultId)).catch(() => {})
    }),
    step('SSE lists exactly one device for the ESA', async ({ tenant }) => {
      expectEqual((await tenant.sseAmericas.devices({ search: tenant.appliance.hostname })).total, 1, 'devices')
    }),
  ],
}

export const deviceOffline: Scenario = {
  name: 'device-offline',
  description: 'The ESA stops answering: CTR\'s aggregate carries the ESA module\'s error while other modules still answer; back online, sightings return.',
  steps: [
    ...integratedSteps('AMERICAS'),
    step('a Mock Intelligence module knows test test is suspicious', async ({ tenant }) => {
      const type = await tenant.ctr.moduleTypeByTitle('Mock Intelligence')
      await tenant.ctr.createModuleInstance({ name: 'Mock Intelligence', module_type_id: type.id, settings: { judgements: 'email_subject:test test=Suspicious' } })
      await tenant.esa.sendMail({ subject: 'test test' })
    }),
    step('the ESA goes offline (its device endpoint resets every connection)', async ({ tenant, state }) => {
      const rule = await tenant.esa.control.addFault({ match: { path: `/sse/v1/appliances/${tenant.appliance.applianceId}/**` }, action: { type: 'reset' } })
      state.offline = rule.id
    }),
    step('CTR investigation: the ESA module reports an error, Mock Intelligence still answers', async ({ tenant }) => {
      const { result, sightings } = await tenant.investigate('email_subject:"test test"')
      expectEqual(sightings.length, 0, 'ESA sightings while offline')
      expect((result.errors ?? []).some((e) => String(e.module).includes('Email Security')), `aggregate errors: ${JSON.stringify(result.errors)}`)
      expect((result.data ?? []).some((d) => d.module === 'Mock Intelligence'), 'Mock Intelligence answered')
    }),
    step('back online: the sighting returns', async ({ tenant, state }) => {
      await tenant.esa.control.deleteFault(String(state.offline))
      expectEqual((await tenant.investigate('email_subject:"test test"')).sightings.length, 1, 'ESA sightings')
    }),
  ],
}
