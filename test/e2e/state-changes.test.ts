// What enrich answers follows every change at once: the hot path's caches (module instances in CTR, the device and
// the Threat Response switch in SSE's proxy, the appliance's settings in the ESA) never serve a state that changed.
import t from 'tap'
import { startTestStack } from '../helpers/stack.ts'

const SUBJECT = 'State change check'
const subject = [{ type: 'email_subject' as const, value: SUBJECT }]

t.test('enrich sees each change in SSE and CTR on the very next call', async (t) => {
  const { cloud } = await startTestStack(t)
  await cloud.waitReady()
  const tenant = await cloud.createTenant()
  const module = await tenant.integrateEsa('AMERICAS')
  await tenant.esa.control.http.json('POST', '/__mock/messages', {
    body: {
      applianceId: tenant.appliance.applianceId,
      messages: [{ sender: 'a@sender.example', recipients: ['b@corp.example'], from: 'A <a@sender.example>', subject: SUBJECT, messageId: '<state-1@sender.example>', senderIp: '203.0.113.9', timestamp: new Date(Date.now() - 60_000).toISOString() }],
    },
  })
  const esaAnswer = async () => {
    const result = await tenant.ctr.observe(subject)
    const data = result.data.find((d) => d.module_instance_id === module.id)
    return { sightings: data?.data.sightings?.count ?? 0, errors: (result.errors ?? []).map((e) => e.code) }
  }

  // Twice, so that every cache on the path holds this state before it changes.
  t.same(await esaAnswer(), { sightings: 1, errors: [] }, 'the message is sighted')
  t.same(await esaAnswer(), { sightings: 1, errors: [] }, 'and again')

  await tenant.sse('AMERICAS').setThreatResponse(false)
  t.same(await esaAnswer(), { sightings: 0, errors: ['threat-response-disabled'] }, 'Threat Response off in SSE: refused at once')
  await tenant.sse('AMERICAS').setThreatResponse(true)
  t.same(await esaAnswer(), { sightings: 1, errors: [] }, 'back on: sighted at once')

  await tenant.esa.control.http.json('POST', '/__mock/messages', {
    body: {
      applianceId: tenant.appliance.applianceId,
      messages: [{ sender: 'c@sender.example', recipients: ['d@corp.example'], from: 'C <c@sender.example>', subject: SUBJECT, messageId: '<state-2@sender.example>', senderIp: '203.0.113.10', timestamp: new Date(Date.now() - 30_000).toISOString() }],
    },
  })
  t.same(await esaAnswer(), { sightings: 2, errors: [] }, 'a message tracked since is sighted at once')

  await tenant.ctr.deleteModuleInstance(module.id)
  const afterDelete = await tenant.ctr.observe(subject)
  t.same(afterDelete.data.map((d) => d.module_instance_id).filter((id) => id === module.id), [], 'a deleted module instance is not asked')

  const again = await tenant.addEsaModule('AMERICAS')
  const device = (await tenant.sse('AMERICAS').devices({ search: tenant.appliance.hostname })).devices[0]!
  await tenant.sse('AMERICAS').deleteDevice(device.id)
  const afterDeviceDelete = await tenant.ctr.observe(subject)
  t.same((afterDeviceDelete.errors ?? []).filter((e) => e.module_instance_id === again.id).map((e) => e.code), ['device-not-found'], 'a device deleted in SSE is not found at once')
})
