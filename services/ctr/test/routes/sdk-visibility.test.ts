// Every `visibility` method of Cisco's threatresponse SDK, in order, through the imitation against CTR and its
// neighbours: each answers as test/support/sdk-visibility.ts (and so CONFORMANCE.md) says.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { createOrg } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { SDK_VISIBILITY_METHODS, type SdkFixtures } from '../support/sdk-visibility.ts'
import { SdkHttpError, ThreatResponseSdk } from '../support/threatresponse-sdk.ts'

test('every SDK visibility method against CTR', async (t) => {
  const n = await buildNeighbourhood(t, {}, { intel: true })
  const org = await createOrg(n.app, { name: 'SDK everything' })
  const tr = await ThreatResponseSdk.create({ client_id: org.clientId, client_password: org.clientPassword, environment: { visibility: n.ctrUrl, private_intel: n.ctrUrl, global_intel: n.ctrUrl } })
  const device = n.sse.addDevice(org.orgId, { name: 'esa03.mex-amp.inlab', callbackUrl: n.esa.callbackUrl, secret: n.esa.secret })
  const whoami = await tr.profile.whoami() as { user: { 'user-id': string } }
  const f: SdkFixtures = {
    relayTypeId: builtinModuleTypeId('relay', 'NAM'), intelTypeId: builtinModuleTypeId('mock-intel', 'NAM'),
    deviceId: device.id, userId: whoami.user['user-id'], made: {},
    sightingId: n.intel!.add(org.orgId, 'sighting', { count: 1, confidence: 'High', observables: [{ type: 'ip', value: '4.2.2.2' }] }).id,
  }
  for (const m of SDK_VISIBILITY_METHODS) {
    const outcome = await m.run(tr, f).then(() => 'answers', (error: unknown) => error instanceof SdkHttpError ? error.status : error)
    t.same(outcome, m.unanswered ? m.unanswered.status : 'answers', `tr.${m.method} (${m.route})`)
  }
})
