// Troubleshooting cases before and after registration: uncommitted changes, busy cloud, old AsyncOS,
// Threat Response disabled in SSE, wrong CTR region, wrong observable syntax.
import { TEXTS } from './texts.ts'
import { enableOnEsaSteps, integratedSteps, registerSteps, moduleSteps, mailAndInvestigateSteps } from './integrate-esa.ts'
import { expect, expectEqual, expectFailure, step, type Scenario } from './runner.ts'
import { EsaClient } from '../esa.ts'
import { SERVER_LABELS } from '../cloud.ts'

export const uncommittedChanges: Scenario = {
  name: 'uncommitted-changes',
  description: '"ESA does not ask for the registration token": the settings were submitted but not committed. Commit fixes it.',
  steps: [
    step('Edit Settings: enable Threat Response (AMERICAS), Submit, but do not commit', async ({ tenant }) => {
      const s = await tenant.esa.editSettings({ enabled: true, server: SERVER_LABELS.AMERICAS })
      expect(s.uncommittedChanges, 'uncommitted changes are flagged')
    }),
    step('the ESA still shows Disabled and asks for no token', async ({ tenant }) => {
      const s = await tenant.esa.settings()
      expectEqual([s.threatResponse, s.registrationState], ['Disabled', 'DISABLED'], 'effective settings')
      expect((s.status ?? '').includes(TEXTS.disabled), `status text "${s.status}"`)
    }),
    step('Register is refused before commit', async ({ tenant }) => {
      const token = (await tenant.sseAmericas.generateTokens(1, '1h')).tokens[0]!.token
      await expectFailure(() => tenant.esa.register(token), 'register before commit')
    }),
    step('fix: Commit Changes, then the token prompt appears', async ({ tenant }) => {
      expectEqual(await tenant.esa.commit(), TEXTS.committed, 'commit message')
      await tenant.skipBusy()
      expectEqual((await tenant.esa.waitForState(['NOT_REGISTERED'])).registrationState, 'NOT_REGISTERED', 'token prompt')
    }),
  ],
}

export const cloudBusy: Scenario = {
  name: 'cloud-busy',
  description: 'Right after commit the ESA shows "The Cisco Cloud Service is busy..." and cannot register; later it asks for the token.',
  steps: [
    ...enableOnEsaSteps('AMERICAS').slice(1, 3),
    step('Register is refused while the cloud service is busy', async ({ tenant }) => {
      const token = (await tenant.sseAmericas.generateTokens(1, '1h')).tokens[0]!.token
      await expectFailure(() => tenant.esa.register(token), 'register while busy')
      expectEqual((await tenant.esa.settings()).registrationState, 'BUSY', 'still busy')
    }),
    step('after some time (the appliance clock moves on) the token prompt appears and registration works', async ({ tenant }) => {
      await tenant.skipBusy()
      await tenant.esa.waitForState(['NOT_REGISTERED'])
      expectEqual((await tenant.registerEsa('AMERICAS')).state, 'REGISTERED', 'registration')
    }),
  ],
}

export const asyncosTooOld: Scenario = {
  name: 'asyncos-too-old',
  description: 'AsyncOS older than 13.0 cannot integrate directly; an appliance on 13.0 or later can.',
  steps: [
    step('an ESA on AsyncOS 12.5 refuses to enable Threat Response, naming the prerequisite', async ({ cloud, state }) => {
      const old = await cloud.controlPlanes.esa.createOrg<{ applianceId: string; username: string; password: string }>({ asyncosVersion: '12.5.0-066' })
      const esa = new EsaClient(cloud.urls.esa, old, cloud.urls.smtpPort)
      const error = await expectFailure(() => esa.editSettings({ enabled: true, server: SERVER_LABELS.AMERICAS }), 'enable on 12.5')
      expect(/13\.0/.test(error.message), `error names AsyncOS 13.0: "${error.message}"`)
      state.old = esa
    }),
    step('fix: the same settings on an ESA running 13.0 are accepted', async ({ tenant }) => {
      const s = await tenant.esa.editSettings({ enabled: true, server: SERVER_LABELS.AMERICAS })
      expect(s.uncommittedChanges, 'accepted as a pending change')
    }),
  ],
}

export const ctrDisabledInSse: Scenario = {
  name: 'ctr-disabled-in-sse',
  description: '"ESA does not show in CTR": the device is registered but Cisco Threat Response is not enabled in SSE Cloud Services.',
  steps: [
    ...enableOnEsaSteps('AMERICAS').slice(1),
    ...registerSteps('AMERICAS'),
    step('CTR lists no registered device and refuses the ESA module', async ({ tenant, state }) => {
      expectEqual((await tenant.ctr.sseDevices()).length, 0, 'devices CTR sees')
      await expectFailure(() => tenant.addEsaModule('AMERICAS', String(state.deviceId)), 'module with an invisible device')
    }),
    ...moduleSteps('AMERICAS'),
    step('fix applied: CTR now lists the device', async ({ tenant, state }) => {
      const devices = await tenant.ctr.sseDevices()
      expect(devices.some((d) => d.id === state.deviceId), 'the ESA is a Registered Device choice')
    }),
  ],
}

export const wrongCtrRegion: Scenario = {
  name: 'wrong-ctr-region',
  description: '"CTR investigation shows no ESA data": the ESA is registered in EUROPE, so CTR NAM has nothing; CTR EU finds the mail.',
  steps: [
    ...integratedSteps('EUROPE'),
    step('CTR NAM sees no ESA device and its investigation has no ESA data', async ({ tenant }) => {
      expectEqual((await tenant.ctr.sseDevices()).length, 0, 'CTR NAM devices')
      await tenant.esa.sendMail({ subject: 'test test' })
      expectEqual((await tenant.investigate('email_subject:"test test"', 'AMERICAS')).sightings.length, 0, 'CTR NAM ESA sightings')
    }),
    step('fix: investigate in CTR EU → one sighting', async ({ tenant }) => {
      const { sightings } = await tenant.investigate('email_subject:"test test"', 'EUROPE')
      expectEqual(sightings.length, 1, 'CTR EU ESA sightings')
    }),
  ],
}

export const wrongSyntax: Scenario = {
  name: 'wrong-syntax',
  description: '"CTR investigation shows no ESA data": a malformed observable query finds nothing; email_subject:"test test" finds the mail.',
  steps: [
    ...integratedSteps('AMERICAS'),
    step('send a test mail "test test"', async ({ tenant }) => {
      await tenant.esa.sendMail({ subject: 'test test' })
    }),
    step('investigate subject="test test" (wrong syntax) → no ESA data', async ({ tenant }) => {
      const { observables, sightings } = await tenant.investigate('subject="test test"')
      expect(!observables.some((o) => o.type === 'email_subject'), `no email_subject observable: ${JSON.stringify(observables)}`)
      expectEqual(sightings.length, 0, 'ESA sightings')
    }),
    ...mailAndInvestigateSteps('AMERICAS').slice(1),
  ],
}
