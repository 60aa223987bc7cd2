// The tech note end to end: ESA → SSE → CTR, verified by a mail found in a CTR investigation.
import { TEXTS } from './texts.ts'
import { expect, expectEqual, step, type Scenario, type ScenarioContext } from './runner.ts'
import { SERVER_LABELS, type SseRegionName } from '../cloud.ts'

/** Steps 1–4 with the texts the ESA shows on the way. */
export function enableOnEsaSteps(region: SseRegionName) {
  return [
    step('ESA shows Threat Response disabled and no server', async ({ tenant }) => {
      const s = await tenant.esa.settings()
      expectEqual([s.threatResponse, s.threatResponseServer, s.registrationState], ['Disabled', TEXTS.noServer, 'DISABLED'], 'Cloud Service Settings')
      expect((s.status ?? '').includes(TEXTS.disabled), `status text "${s.status}"`)
    }),
    step(`Edit Settings: enable Threat Response, server ${region}`, async ({ tenant }) => {
      const s = await tenant.esa.editSettings({ enabled: true, server: SERVER_LABELS[region] })
      expect(s.uncommittedChanges, 'the change is pending until committed')
    }),
    step('Commit Changes: the cloud service is busy', async ({ tenant }) => {
      expectEqual(await tenant.esa.commit('Enable Threat Response'), TEXTS.committed, 'commit message')
      const s = await tenant.esa.settings()
      expectEqual([s.threatResponse, s.registrationState], ['Enabled', 'BUSY'], 'state after commit')
      expect((s.status ?? '').includes(TEXTS.busy), `status text "${s.status}"`)
    }),
    step('after a while the ESA asks for a registration token', async ({ tenant }) => {
      await tenant.skipBusy()
      const s = await tenant.esa.waitForState(['NOT_REGISTERED'])
      expectEqual(s.registrationState, 'NOT_REGISTERED', 'token prompt')
    }),
  ]
}

export function generateTokenStep(region: SseRegionName, count = 1) {
  return step(`SSE ${region}: Add Devices and Generate Tokens (${count} device, 1h)`, async ({ tenant, state }: ScenarioContext) => {
    const generated = await tenant.sse(region).generateTokens(count, '1h')
    expect(generated.message.startsWith(TEXTS.tokensGenerated(1)), `message "${generated.message}"`)
    expectEqual(generated.tokens.length, count, 'tokens generated')
    expect(generated.tokens.every((t) => /^[0-9a-f]{32}$/.test(t.token)), 'tokens are 32 lowercase hex characters')
    state.token = generated.tokens[0]!.token
  })
}

export function registerSteps(region: SseRegionName) {
  return [
    generateTokenStep(region),
    step('paste the token on the ESA and Register', async ({ tenant, state }) => {
      const s = await tenant.esa.register(String(state.token))
      expect(['INPROGRESS', 'REGISTERED'].includes(s.registrationState), `state after Register: ${s.registrationState}`)
      const done = await tenant.esa.waitForState(['REGISTERED', 'FAILED'])
      expectEqual(done.registrationState, 'REGISTERED', `registration (${done.status})`)
    }),
    step(`SSE ${region} Devices lists the ESA`, async ({ tenant, state }) => {
      const { devices } = await tenant.sse(region).devices({ search: tenant.appliance.hostname })
      expectEqual(devices.length, 1, 'devices named after the appliance')
      expectEqual([devices[0]!.name, devices[0]!.type], [tenant.appliance.hostname, 'ESA'], 'device')
      state.deviceId = devices[0]!.id
    }),
  ]
}

export function moduleSteps(region: SseRegionName) {
  return [
    step(`SSE ${region} Cloud Services: enable Cisco Threat Response`, async ({ tenant }) => {
      await tenant.sse(region).setThreatResponse(true)
      expect(await tenant.sse(region).threatResponseEnabled(), 'Threat Response is enabled')
    }),
    step('CTR: add the Email Security Appliance module (device, 30 days)', async ({ tenant, state }) => {
      const instance = await tenant.addEsaModule(region, String(state.deviceId), 30)
      expectEqual(instance.name, 'Email Security Appliance', 'module name')
      state.moduleInstanceId = instance.id
    }),
  ]
}

/** An ESA of the region integrated with CTR (enabled, registered, its module added), the prologue of failure scenarios. */
export function integratedSteps(region: SseRegionName) {
  return [...enableOnEsaSteps(region).slice(1), ...registerSteps(region), ...moduleSteps(region)]
}

export function mailAndInvestigateSteps(region: SseRegionName, subject = 'test test') {
  return [
    step(`send a test mail "${subject}" through the ESA`, async ({ tenant }) => {
      await tenant.esa.sendMail({ subject, from: 'sender@example.com', to: 'user@example.com' })
      const day = 86_400_000
      const found = await tenant.esa.searchMessages({
        startDate: new Date(Date.now() - day).toISOString(), endDate: new Date(Date.now() + day).toISOString(),
        subjectfilterOperator: 'is', subjectfilterValue: subject,
      })
      expectEqual(found.meta.totalCount, 1, 'Message Tracking finds the mail')
    }),
    step(`CTR investigate email_subject:"${subject}" → one sighting from the ESA module`, async ({ tenant, state }) => {
      const { observables, sightings, result } = await tenant.investigate(`email_subject:"${subject}"`, region)
      expectEqual(observables, [{ type: 'email_subject', value: subject }], 'inspect')
      expectEqual(sightings.length, 1, `ESA sightings (module errors: ${JSON.stringify(result.errors ?? [])})`)
      const sighting = sightings[0]!
      expectEqual([sighting.description ?? sighting.title, sighting.confidence, sighting.severity], [TEXTS.incomingDelivered, 'High', 'Low'], 'sighting')
      state.sighting = sighting
    }),
  ]
}

export const integrateEsa: Scenario = {
  name: 'integrate-esa',
  description: 'The tech note end to end: ESA enable + AMERICAS + commit, SSE token, register, SSE devices, Threat Response in SSE, CTR module, test mail, investigation.',
  steps: [...enableOnEsaSteps('AMERICAS'), ...registerSteps('AMERICAS'), ...moduleSteps('AMERICAS'), ...mailAndInvestigateSteps('AMERICAS')],
}
