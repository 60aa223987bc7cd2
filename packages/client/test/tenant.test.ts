// What the README's "Test your integration" promises of the client (createTenant, integrateEsa, investigate, webhooks),
// against the embedded stack over real HTTP and SMTP, so a suite written from the README works as written.
import t from 'tap'
import { until } from '@ctrmock/kit/testing'
import { TEXTS } from '../src/scenarios/texts.ts'
import { startTestStack } from '../../../test/helpers/stack.ts'
import { startWebhookReceiver } from '../../../test/helpers/webhook-receiver.ts'

const { cloud } = await startTestStack(t)
await cloud.waitReady()

t.test('createTenant gives each suite CTR orgs in both regions and an appliance of its own', async (t) => {
  const [a, b] = await Promise.all([cloud.createTenant(), cloud.createTenant()])
  t.not(a.namOrg.orgId, b.namOrg.orgId)
  t.not(a.euOrg.orgId, b.euOrg.orgId)
  t.not(a.appliance.applianceId, b.appliance.applianceId)
  t.equal((await a.esa.settings()).registrationState, 'DISABLED', 'the appliance starts factory-fresh')
  t.equal((await a.sseAmericas.devices()).total, 0)
  t.equal((await a.sseEurope.devices()).total, 0, 'each tenant\'s credentials work in both regions')

  await a.sseAmericas.generateTokens(1, '1h')
  t.equal((await a.sseAmericas.tokens()).length, 1)
  t.same(await b.sseAmericas.tokens(), [], 'one tenant never sees another\'s tokens')
})

t.test('integrateEsa registers the appliance in the region\'s SSE, turns Threat Response on and adds the CTR module', async (t) => {
  const tenant = await cloud.createTenant()
  const module = await tenant.integrateEsa('AMERICAS')
  t.equal((await tenant.esa.settings()).registrationState, 'REGISTERED')
  const { devices } = await tenant.sseAmericas.devices()
  t.equal(devices.length, 1, 'one device in SSE AMERICAS')
  t.equal(module.settings?.device, devices[0]!.id, 'the module points at that device')
  t.equal(await tenant.sseAmericas.threatResponseEnabled(), true)
  const listed = await tenant.ctr.moduleInstances()
  t.same(listed.filter((m) => m.name !== 'Private Intelligence').map((m) => m.id), [module.id], 'one module added')
  t.equal(listed.length, 2, 'beside the org\'s default Private Intelligence')
  t.equal((await tenant.sseEurope.devices()).total, 0, 'nothing registered in the other region')
})

t.test('a region name the client does not know is refused before any call, not taken for EUROPE', async (t) => {
  const tenant = await cloud.createTenant()
  await t.rejects(tenant.investigate('cisco.com', 'NAM' as never), new TypeError('unknown SSE region "NAM": AMERICAS or EUROPE'))
  t.throws(() => tenant.ctrFor('APJC' as never), TypeError)
  t.equal(tenant.ctrFor('EUROPE'), tenant.ctrEu)
})

t.test('investigate finds the mail the appliance delivered, and only that', async (t) => {
  const tenant = await cloud.createTenant()
  await tenant.integrateEsa('AMERICAS')
  await tenant.esa.sendMail({ subject: 'quarterly invoice' })

  const { observables, sightings } = await tenant.investigate('email_subject:"quarterly invoice"')
  t.match(observables, [{ type: 'email_subject', value: 'quarterly invoice' }])
  t.equal(sightings.length, 1)
  t.equal(sightings[0]!.description, TEXTS.incomingDelivered)
  t.equal((await tenant.investigate('email_subject:"never sent"')).sightings.length, 0, 'a subject not sent has no sighting')
  t.equal((await tenant.investigate('email_subject:"quarterly invoice"', 'EUROPE')).sightings.length, 0, 'CTR EU has no module for it')
})

t.test('the appliance\'s Spam Quarantine holds spam and blocklisted senders; CTR sees it blocked until released', async (t) => {
  const tenant = await cloud.createTenant()
  await tenant.integrateEsa('AMERICAS')
  await tenant.esa.listSenders('blocklist', ['user@example.com'], ['pest.example'])
  t.same((await tenant.esa.listEntries('blocklist', 'sender')).data, [{ senderAddress: 'pest.example', recipientList: ['user@example.com'] }])
  await tenant.esa.sendMail({ subject: 'weekly pest', from: 'news@pest.example' })
  await tenant.esa.sendMail({ subject: 'prize inside', headers: { 'X-Advertisement': 'spam' } })
  await tenant.esa.sendMail({ subject: 'team lunch' })

  const held = await tenant.esa.spamQuarantine({ orderBy: 'subject', orderDir: 'asc' })
  t.same(held.data.map((m) => m.attributes.subject), ['prize inside', 'weekly pest'])
  const [prize] = (await tenant.investigate('email_subject:"prize inside"')).sightings
  t.match(prize, { description: 'Incoming message (Quarantined)', resolution: 'blocked' }, 'CTR\'s ESA module reports it blocked')
  t.equal(await tenant.esa.releaseQuarantined([held.data[0]!.mid]), 1)
  const [released] = (await tenant.investigate('email_subject:"prize inside"')).sightings
  t.match(released, { description: TEXTS.incomingDelivered, resolution: 'allowed' }, 'released, it was delivered')
  t.equal(await tenant.esa.deleteQuarantined([held.data[1]!.mid]), 1)
  t.equal((await tenant.esa.spamQuarantine()).meta.totalCount, 0)
})

t.test('a webhook hears of the module integrateEsa adds; the event and the call\'s result are there to read', async (t) => {
  const receiver = await startWebhookReceiver<{ id: string, data: { event_type: string, module_instance_id: string } }>(t)
  const tenant = await cloud.createTenant()
  const webhook = await tenant.ctr.createWebhook({ name: 'SOAR', url: `${receiver.url}/`, eventTypes: ['module-instance/created'] })
  const module = await tenant.integrateEsa('AMERICAS')
  await until(() => receiver.calls.length === 1, { what: 'the webhook call' })
  const heard = receiver.calls[0]!.body
  t.match(heard.data, { event_type: 'module-instance/created', module_instance_id: module.id })
  const { data } = await tenant.ctr.searchEvents({ event_type: 'module-instance/created' })
  t.same(data.map((e) => e.id), [heard.id], 'searchEvents finds it')
  await until(async () => (await tenant.ctr.webhookResults({ webhook_id: webhook.id })).length === 1, { what: 'the result' })
  t.match(await tenant.ctr.webhookResults({ webhook_id: webhook.id }), [{ entity_id: module.id, result: 'success' }])
})
