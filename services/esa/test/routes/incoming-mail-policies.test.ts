// Incoming mail policies' user entries as the XSOAR Cisco ESA integration and the Splunk SOAR Cisco ESA app drive
// them: a policy added through the control plane takes entries over the AsyncOS API (listed, added, replaced), kept
// per appliance, and refused in AsyncOS's error shape when wrong, with nothing changed.
import t, { type Test } from 'tap'
import type { EsaOrg } from '@ctrmock/types'
import { API, asOrg, buildTestApp, createOrg } from '../helper.ts'

const app = await buildTestApp(t)
const SCOPE = 'device_type=esa&mode=cluster'

async function appliance(policies: string[] = ['Executives']) {
  const org = await createOrg(app)
  for (const name of policies) {
    const res = await app.inject({ method: 'POST', url: '/__mock/incoming-mail-policies', payload: { applianceId: org.applianceId, name } })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
  return {
    org,
    users: (method: 'GET' | 'POST' | 'PUT', policy: string, payload?: object, scope = SCOPE, as: EsaOrg = org) =>
      app.inject({ method, url: `${API}/config/incoming_mail_policies/${encodeURIComponent(policy)}/senders_and_recipients?${scope}`, headers: asOrg(as), ...(payload ? { payload } : {}) }),
  }
}

// The integration's recorded answer holds this entry (test_data/outputs/user_entry_list.json).
const RECORDED = {
  sender_config: { sender: { domain_entries: ['yyo@[1.11.11.1]'] } },
  receiver_config: { operation: 'and', receiver_not: { domain_entries: ['test@'] }, receiver: { domain_entries: ['test@'] } },
}
// What a published script adds to block a sender for any recipient.
const ANY_RECIPIENT = { sender_config: { sender: { domain_entries: ['@badco.example', 'ceo@.corp.example'] } }, receiver_config: { operation: 'or', receiver: { domain_entries: ['ANY'] } } }

t.test("a policy's user entries: none at first, then added, listed and replaced", async (t) => {
  const { users } = await appliance()
  t.same((await users('GET', 'Executives')).json(), { meta: { count: 0 }, data: [] })
  const added = await users('POST', 'Executives', { data: RECORDED })
  t.equal(added.statusCode, 201, added.body)
  t.same(added.json(), { data: { message: 'Added Successfully' } })
  t.equal((await users('POST', 'Executives', { data: ANY_RECIPIENT })).statusCode, 201)
  t.same((await users('GET', 'Executives')).json(), { meta: { count: 2 }, data: [RECORDED, ANY_RECIPIENT] }, 'listed in the order added, as the recorded answer has them')

  const replaced = await users('PUT', 'Executives', { data: [ANY_RECIPIENT] })
  t.equal(replaced.statusCode, 200, replaced.body)
  t.same(replaced.json(), { data: { message: 'Updated Successfully' } })
  t.same((await users('GET', 'Executives')).json(), { meta: { count: 1 }, data: [ANY_RECIPIENT] })
})

t.test('what the appliance refuses changes nothing', async (t) => {
  const { org, users } = await appliance(['Executives', 'Sales Team'])
  await users('POST', 'Executives', { data: RECORDED })
  const refused = async (res: { statusCode: number; body: string }, status: number, message: RegExp) => {
    t.equal(res.statusCode, status, res.body)
    t.match(JSON.parse(res.body), { error: { code: String(status), message } })
  }
  const entry = (sender: object, receiver: object) => ({ data: { sender_config: sender, receiver_config: receiver } })
  await refused(await users('GET', 'Nobody'), 404, /incoming mail policy Nobody does not exist/)
  await refused(await users('POST', 'DEFAULT', { data: RECORDED }), 400, /DEFAULT policy has no user entries/)
  await refused(await users('PUT', 'Executives', { data: [] }), 400, /at least one user entry/)
  await refused(await users('POST', 'Executives', entry({ sender: { domain_entries: ['a@b.example'] } }, { operation: 'or', receiver: { domain_entries: ['ANY'] }, receiver_not: { domain_entries: ['x@'] } })), 400, /receiver_not needs operation "and"/)
  await refused(await users('POST', 'Executives', entry({ sender: { domain_entries: ['a@b.example'] }, sender_not: { domain_entries: ['c@'] } }, { operation: 'and', receiver: { domain_entries: ['ANY'] } })), 400, /either sender or sender_not/)
  await refused(await users('POST', 'Executives', entry({ sender: { domain_entries: ['bob'] } }, { operation: 'and', receiver: { domain_entries: ['ANY'] } })), 400, /invalid entry "bob"/)
  await refused(await users('POST', 'Executives', entry({ sender: { domain_entries: ['ANY', '@x.example'] } }, { operation: 'and', receiver: { domain_entries: ['ANY'] } })), 400, /ANY stands alone/)
  await refused(await users('POST', 'Executives', entry({ sender: { domain_entries: ['@x.example'] } }, { operation: 'xor', receiver: { domain_entries: ['ANY'] } })), 400, /operation/)
  await refused(await users('GET', 'Executives', undefined, 'mode=cluster'), 400, /device_type/)
  await refused(await users('GET', 'Executives', undefined, `${SCOPE.replace('cluster', 'group')}&group_name=main`), 404, /no cluster group/)
  t.same((await users('GET', 'Executives')).json(), { meta: { count: 1 }, data: [RECORDED] }, 'the entry added before is all there is')
  // The Splunk app leaves out receiver when none is given; XSOAR leaves out every part the user left empty.
  t.equal((await users('POST', 'Sales Team', entry({ sender: { domain_entries: ['@x.example'] } }, { operation: 'and' }))).statusCode, 201, 'an entry without recipients')
  t.equal((await users('POST', 'Sales Team', { data: { receiver_config: { operation: 'or', receiver: { domain_entries: ['@corp.example'] } } } })).statusCode, 201, 'one without senders')
  t.equal((await users('POST', 'Sales Team', { data: {} })).statusCode, 201, 'one with neither')
  const any = { domain_entries: ['ANY'] }
  t.same((await users('GET', 'Sales Team')).json().data, [
    entry({ sender: { domain_entries: ['@x.example'] } }, { operation: 'and', receiver: any }).data,
    entry({ sender: any }, { operation: 'or', receiver: { domain_entries: ['@corp.example'] } }).data,
    entry({ sender: any }, { operation: 'and', receiver: any }).data,
  ], 'what is left out takes any sender or recipient, joined by and')
  t.equal((await users('GET', 'Sales Team')).statusCode, 200, 'a name with a space is a policy too')

  const other = await createOrg(app)
  await refused(await users('GET', 'Executives', undefined, SCOPE, other), 404, /does not exist/)
  t.equal((await users('GET', 'Executives', undefined, SCOPE, org)).statusCode, 200, "another appliance's policies are its own")
})

t.test('the control plane adds policies by name, once, to an appliance it has', async (t: Test) => {
  const org = await createOrg(app)
  const add = (payload: object) => app.inject({ method: 'POST', url: '/__mock/incoming-mail-policies', payload })
  const created = await add({ applianceId: org.applianceId, name: 'Finance' })
  t.equal(created.statusCode, 201)
  t.same(created.json(), { applianceId: org.applianceId, name: 'Finance' })
  t.match((await add({ applianceId: org.applianceId, name: 'Finance' })).json(), { error: { message: /already exists/ } })
  t.equal((await add({ applianceId: org.applianceId, name: 'default' })).statusCode, 400, 'DEFAULT is every appliance\'s')
  t.equal((await add({ applianceId: org.applianceId, name: 'no/slash' })).statusCode, 400)
  t.equal((await add({ applianceId: 'esa-nope', name: 'Finance' })).statusCode, 404)
  t.equal((await add({ name: 'Default appliance policy' })).statusCode, 201, 'without applianceId, the default appliance')
})
