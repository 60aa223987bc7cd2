import t, { type Test } from 'tap'
import type { EsaOrg } from '@ctrmock/types'
import { API, asOrg, basic, buildTestApp, createOrg } from '../helper.ts'
import type { EsaApp } from '../../src/app.ts'

const WINDOW = 'startDate=2026-03-01T00:00:00.000Z&endDate=2026-03-03T00:00:00.000Z'
const SHA = 'a'.repeat(64)

async function load(t: Test, app: EsaApp, org: EsaOrg) {
  const res = await app.inject({
    method: 'POST', url: '/__mock/messages',
    payload: {
      applianceId: org.applianceId,
      messages: [
        { sender: 'mgmt01@cisco.com', recipients: ['testingBren@cisco.com'], subject: 'test test', senderIp: '10.1.1.1', timestamp: '2026-03-02T09:00:00.000Z', messageId: '<123-abc-456@cisco.com>' },
        { sender: 'noreply@example.com', recipients: ['a@example.org', 'b@example.org'], subject: 'Invoice Due', senderIp: '4.2.2.2', timestamp: '2026-03-02T09:30:00.000Z', attachments: [{ fileName: 'invoice.pdf', sha256: SHA, size: 100 }] },
        { sender: 'old@example.com', recipients: ['c@example.org'], subject: 'test test old', timestamp: '2026-02-01T00:00:00.000Z' },
      ],
    },
  })
  t.equal(res.statusCode, 201, res.body)
  return res.json() as { mids: number[] }
}

const app = await buildTestApp(t)

const search = (app: EsaApp, org: EsaOrg, query: string) => app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${query}`, headers: asOrg(org) })

t.test('searches tracked messages with the AsyncOS response shape and timestamp format', async (t) => {
  const org = await createOrg(app)
  const { mids } = await load(t, app, org)
  t.same(mids, [1, 2, 3], 'MIDs increment per appliance')

  const res = await search(app, org, `${WINDOW}&subjectfilterOperator=begins_with&subjectfilterValue=test test`)
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.meta, { num_bad_records: 0, totalCount: 1 })
  t.match(body.data[0].attributes, {
    mid: [1], subject: 'test test', sender: 'mgmt01@cisco.com', recipient: ['testingBren@cisco.com'],
    recipientMap: { 1: ['testingBren@cisco.com'] }, messageStatus: { 1: 'Delivered' }, senderIp: '10.1.1.1',
    senderDomain: 'cisco.com', direction: 'incoming', timestamp: '02 Mar 2026 09:00:00 (GMT +00:00)',
    serialNumber: org.serialNumber, messageID: { 1: '<123-abc-456@cisco.com>' }, friendly_from: ['mgmt01@cisco.com'],
  })
})

t.test('every filter of the search finds what it names', async (t) => {
  const org = await createOrg(app)
  await load(t, app, org)
  const mids = async (query: string) => (await search(app, org, `${WINDOW}&${query}`)).json().data.map((d: { attributes: { mid: number[] } }) => d.attributes.mid[0])
  t.same(await mids(''), [2, 1], 'the window excludes older messages; newest first')
  t.same(await mids('subjectfilterValue=TEST TEST'), [1], 'is (the default) ignores case')
  t.same(await mids('subjectfilterOperator=contains&subjectfilterValue=voice'), [2])
  t.same(await mids('envelopeSenderfilterOperator=begins_with&envelopeSenderfilterValue=noreply'), [2])
  t.same(await mids('envelopeSenderfilterValue=mgmt01@cisco.com'), [1])
  t.same(await mids('envelopeRecipientfilterValue=b@example.org'), [2], 'any recipient matches')
  t.same(await mids('envelopeRecipientfilterOperator=begins_with&envelopeRecipientfilterValue=testing'), [1])
  t.same(await mids('envelopeRecipientfilterOperator=contains&envelopeRecipientfilterValue=example.org'), [2])
  t.same(await mids('envelopeRecipientfilterValue=example.org'), [], 'is means the whole address')
  t.same(await mids('attachmentNameOperator=begins_with&attachmentNameValue=invoice'), [2])
  t.same(await mids(`fileSha256=${SHA.toUpperCase()}`), [2])
  t.same(await mids('senderIp=4.2.2.2'), [2])
  t.same(await mids('messageIdHeader=123-abc-456@cisco.com'), [1], 'Message-ID with or without brackets')
  t.same(await mids('ciscoMid=1'), [1])
  t.same(await mids('domainNameValue=example.com'), [2])
  t.same(await mids('deliveryStatus=DELIVERED'), [2, 1])
  t.same(await mids('deliveryStatus=DROPPED'), [])
  t.same(await mids('messageDirection=outgoing'), [])
  t.same(await mids('quarantineStatus=AV'), [], 'no policy, virus or outbreak quarantine holds anything')
  t.same(await mids('spamPositive=true'), [], 'loaded mail has no anti-spam verdict')
  t.same(await mids('spamPositive=false'), [2, 1])
  t.same(await mids('mailPolicyName=default'), [2, 1], 'the policy its recipients fell under, in any case')
  t.same(await mids('mailPolicyName=DEFAULT&mailPolicyDirection=outbound'), [], 'incoming mail is inbound')
  t.same(await mids('mailPolicyName=NO_SUCH_POLICY&mailPolicyDirection=inbound'), [])
  for (const event of ['threatName=Emotet', 'ipReputation=5', 'quarantinedTo=Policy,Virus', 'dmarcAction=reject', 'advancedMalwareProtection=amp_malicious', 'urlReputation=malicious', 'daneFailure=True', 'virusPositive=true']) {
    t.same(await mids(event), [], `${event}: an event the agent never records finds nothing`)
  }
  t.same(await mids('advancedMalwareProtectionMailflowDirection=incoming&daneFailure=false'), [2, 1], 'a direction alone or a false flag asks nothing')
  t.equal((await search(app, org, `${WINDOW}&mailPolicyName=DEFAULT&mailPolicyDirection=sideways`)).statusCode, 400)
  t.same(await mids('subjectfilterValue=test_test'), [], '_ and % are plain characters, not wildcards')
  t.same(await mids('subjectfilterOperator=begins_with&subjectfilterValue=%25'), [])
  t.same(await mids('envelopeSenderfilterOperator=contains&envelopeSenderfilterValue=mgmt_1'), [])
})

t.test('a filter value is matched as text, never run: a quote-laden value finds only the mail that carries it', async (t) => {
  const org = await createOrg(app)
  const hostile = `x'; DROP TABLE "TrackedMessage"; --`
  const loaded = await app.inject({
    method: 'POST', url: '/__mock/messages',
    payload: {
      applianceId: org.applianceId,
      messages: [
        { sender: 'a@example.com', recipients: ['r@example.org'], subject: 'plain', timestamp: '2026-03-02T08:00:00.000Z' },
        {
          sender: 'b@example.com', recipients: ['r@example.org'], subject: hostile, replyTo: hostile, timestamp: '2026-03-02T09:00:00.000Z',
          attachments: [{ fileName: `${hostile}.pdf`, sha256: SHA }],
        },
      ],
    },
  })
  t.equal(loaded.statusCode, 201)
  const mids = async (query: string) => {
    const res = await search(app, org, `${WINDOW}&${query}`)
    t.equal(res.statusCode, 200, query)
    return res.json().data.map((d: { attributes: { mid: number[] } }) => d.attributes.mid[0])
  }
  const value = encodeURIComponent(hostile)
  for (const op of ['is', 'begins_with', 'contains']) {
    t.same(await mids(`subjectfilterOperator=${op}&subjectfilterValue=${value}`), [2], `subject ${op}`)
    t.same(await mids(`replyToOperator=${op}&replyToValue=${value}`), [2], `reply-to ${op}`)
    const fileName = op === 'is' ? encodeURIComponent(`${hostile}.pdf`) : value
    t.same(await mids(`attachmentNameOperator=${op}&attachmentNameValue=${fileName}`), [2], `attachment name ${op}`)
    t.same(await mids(`envelopeSenderfilterOperator=${op}&envelopeSenderfilterValue=${value}`), [], `sender ${op}`)
  }
  for (const key of ['senderIp', 'messageIdHeader', 'domainNameValue']) t.same(await mids(`${key}=${value}`), [], key)
  t.same(await mids(''), [2, 1], 'every message is still there')
})

t.test('LIKE wildcards in a filter value match only themselves', async (t) => {
  const org = await createOrg(app)
  const loaded = await app.inject({
    method: 'POST', url: '/__mock/messages',
    payload: {
      applianceId: org.applianceId,
      messages: [
        { sender: 'a@example.com', recipients: ['r@example.org'], subject: 'sale 50%_off today', timestamp: '2026-03-02T08:00:00.000Z' },
        { sender: 'b@example.com', recipients: ['r@example.org'], subject: 'sale 50xxoff today', timestamp: '2026-03-02T09:00:00.000Z' },
      ],
    },
  })
  t.equal(loaded.statusCode, 201)
  const res = await search(app, org, `${WINDOW}&subjectfilterOperator=contains&subjectfilterValue=${encodeURIComponent('50%_off')}`)
  t.equal(res.statusCode, 200)
  t.same(res.json().data.map((d: { attributes: { subject: string } }) => d.attributes.subject), ['sale 50%_off today'])
})

t.test('offset, limit and totalCount page through the results', async (t) => {
  const org = await createOrg(app)
  const messages = Array.from({ length: 25 }, (_, i) => ({ sender: `s${i}@x.com`, recipients: ['r@y.com'], subject: `page ${i}`, timestamp: new Date(Date.parse('2026-03-02T00:00:00Z') + i * 1000).toISOString() }))
  await app.inject({ method: 'POST', url: '/__mock/messages', payload: { applianceId: org.applianceId, messages } })
  const page = (await search(app, org, `${WINDOW}&offset=20&limit=10`)).json()
  t.equal(page.meta.totalCount, 25)
  t.equal(page.data.length, 5)
  t.same(page.data.map((d: { attributes: { subject: string } }) => d.attributes.subject), ['page 4', 'page 3', 'page 2', 'page 1', 'page 0'])
  const empty = (await search(app, org, `${WINDOW}&offset=100`)).json()
  t.same(empty.data, [])
})

t.test('AsyncOS errors: missing dates, malformed dates, unknown operators, bad numbers', async (t) => {
  const org = await createOrg(app)
  const missing = await search(app, org, 'startDate=2026-03-01T00:00:00.000Z')
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), { error: { message: 'Missing attribute - startDate or endDate.', code: '404', explanation: '404 = Nothing matches the given URI.' } })
  for (const bad of ['startDate=yesterday&endDate=2026-03-01T00:00:00.000Z', 'startDate=2026-02-30T00:00:00.000Z&endDate=2026-03-01T00:00:00.000Z', 'startDate=2026-03-01T25:00:00.000Z&endDate=2026-03-02T00:00:00.000Z']) {
    const res = await search(app, org, bad)
    t.equal(res.statusCode, 400, bad)
    t.match(res.json(), { error: { code: '400', message: /Invalid startDate/ } })
  }
  const ancient = await search(app, org, 'startDate=0000-01-01T00:00:00.000Z&endDate=2026-03-01T00:00:00.000Z')
  t.equal(ancient.statusCode, 400, 'a year the store cannot hold is refused')
  const reversed = await search(app, org, 'startDate=2026-03-02T00:00:00.000Z&endDate=2026-03-01T00:00:00.000Z')
  t.equal(reversed.statusCode, 400)
  const operator = await search(app, org, `${WINDOW}&subjectfilterOperator=sounds_like&subjectfilterValue=x`)
  t.equal(operator.statusCode, 400)
  t.match(operator.json().error.message, /subjectfilterOperator/)
  for (const bad of ['limit=0', 'limit=abc', 'offset=-1', 'ciscoMid=12a', 'ciscoMid=9999999999', 'messageDirection=sideways', 'deliveryStatus=LOST', 'subjectfilterValue=%00', 'senderIp=1.2.3.4&senderIp=5.6.7.8']) {
    const res = await search(app, org, `${WINDOW}&${bad}`)
    t.equal(res.statusCode, 400, bad)
    t.type(res.json().error.message, 'string')
  }
})

t.test('details of one message, with its processing summary', async (t) => {
  const org = await createOrg(app)
  await load(t, app, org)
  const res = await app.inject({ method: 'GET', url: `${API}/message-tracking/details?${WINDOW}&mid=2`, headers: asOrg(org) })
  t.equal(res.statusCode, 200)
  const details = res.json().data.messages
  t.match(details, { mid: [2], attachments: ['invoice.pdf'], subject: 'Invoice Due', messageStatus: 'Delivered', sender: 'noreply@example.com', recipient: ['a@example.org', 'b@example.org'] })
  const last = details.summary[details.summary.length - 1]
  t.same(last, { timestamp: '02 Mar 2026 09:30:00 (GMT +00:00)', description: 'Message 2 to b@example.org received remote', lastEvent: true })
  const unknown = await app.inject({ method: 'GET', url: `${API}/message-tracking/details?${WINDOW}&mid=99`, headers: asOrg(org) })
  t.equal(unknown.statusCode, 404)
  const noMid = await app.inject({ method: 'GET', url: `${API}/message-tracking/details?${WINDOW}`, headers: asOrg(org) })
  t.equal(noMid.statusCode, 400)
  const oneDate = await app.inject({ method: 'GET', url: `${API}/message-tracking/details?mid=1&startDate=2026-03-01T00:00:00.000Z`, headers: asOrg(org) })
  t.equal(oneDate.statusCode, 404, 'a window needs both ends')
})

t.test('details as Cisco\'s integrations ask: serialNumber, mid, icid and no dates; mid repeated is a list', async (t) => {
  const org = await createOrg(app)
  await load(t, app, org)
  const url = (query: string) => `${API}/message-tracking/details?serialNumber=42127C7DDEE76852A2F0-F17A8E1E2B5B&${query}`
  const one = await app.inject({ method: 'GET', url: url('mid=2&icid=2'), headers: asOrg(org) })
  t.equal(one.statusCode, 200, one.body)
  t.match(one.json().data.messages, { mid: [2], subject: 'Invoice Due' })
  const many = await app.inject({ method: 'GET', url: url('mid=99&mid=2&mid=2'), headers: asOrg(org) })
  t.equal(many.statusCode, 200)
  t.match(many.json().data.messages, { mid: [2] })
  const none = await app.inject({ method: 'GET', url: url('mid=98&mid=99'), headers: asOrg(org) })
  t.equal(none.statusCode, 404)
  t.match(none.json(), { error: { message: 'No tracked message with MID 98, 99.' } })
  const bad = await app.inject({ method: 'GET', url: url('mid=2&mid=x'), headers: asOrg(org) })
  t.equal(bad.statusCode, 400)
})

t.test("a message's AMP, DLP and URL reports, as the XSOAR integration asks for them: its facts, no engine events", async (t) => {
  const org = await createOrg(app)
  await load(t, app, org)
  const report = (engine: string, mid: number) =>
    app.inject({ method: 'GET', url: `${API}/message-tracking/${engine}-details?serialNumber=X&mid=${mid}`, headers: asOrg(org) })
  const details = (await app.inject({ method: 'GET', url: `${API}/message-tracking/details?mid=2`, headers: asOrg(org) })).json().data.messages
  const facts = { mid: [2], allIcid: details.allIcid, subject: 'Invoice Due', attachments: ['invoice.pdf'], messageStatus: 'Delivered', timestamp: details.timestamp, sendingHostSummary: {} }
  t.match((await report('amp', 2)).json().data.messages, { ...facts, showAMPDetails: false, ampDetails: [] })
  t.match((await report('dlp', 2)).json().data.messages, { ...facts, showDLPDetails: false, dlpDetails: {} })
  const url = (await report('url', 2)).json().data.messages
  t.match(url, { ...facts, showURLDetails: false, urlDetails: [] })
  t.notOk('summary' in url || 'mailPolicy' in url, 'a report leaves out the processing summary and the policy')
  t.match((await report('amp', 99)).json(), { error: { code: '404', message: 'No tracked message with MID 99.' } })
})

t.test("a message's connection details, with the XSOAR integration's snake_case names, and no data envelope", async (t) => {
  const org = await createOrg(app)
  await load(t, app, org)
  const get = (query: string) => app.inject({ method: 'GET', url: `${API}/message-tracking/connection-details?${query}`, headers: asOrg(org) })
  const res = await get('sma_serial_number=X&mid=1&start_date=2026-03-01T00:00:00.000Z&end_date=2026-03-03T00:00:00.000Z')
  t.equal(res.statusCode, 200, res.body)
  const { summary } = res.json().messages
  t.same(res.json(), {
    messages: { summary }, sbrs: 'not enabled', senderGroup: 'UNKNOWNLIST',
  })
  t.same(summary.map((e: { timestamp: string; lastEvent: boolean }) => [e.timestamp, e.lastEvent]), [['02 Mar 2026 09:00:00 (GMT +00:00)', false], ['02 Mar 2026 09:00:00 (GMT +00:00)', false]])
  t.match(summary[0].description, /^ICID \d+ sender_group: UNKNOWNLIST sender_ip: 10\.1\.1\.1, sbrs: not enabled$/)
  t.match(summary[1].description, /^Protocol SMTP interface Management .* from sender IP 10\.1\.1\.1\./)
  t.equal((await get('mid=1&startDate=2026-03-01T00:00:00.000Z&endDate=2026-03-03T00:00:00.000Z')).statusCode, 200, 'the camelCase names too')
  t.match((await get('mid=1&start_date=2026-04-01T00:00:00.000Z&end_date=2026-04-03T00:00:00.000Z')).json(), { error: { code: '404' } }, 'outside the window')
  t.match((await get('mid=1&start_date=2026-03-01T00:00:00.000Z')).json(), { error: { code: '404', message: /Missing attribute/ } }, 'half a window')
})

t.test('authentication: 401 without credentials, HTTP Basic, POST /login jwtToken, expiry by the control-plane clock', async (t) => {
  const org = await createOrg(app)
  await load(t, app, org)
  const none = await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}` })
  t.equal(none.statusCode, 401)
  t.match(none.json(), { error: { code: '401', explanation: '401 = No permission -- see authorization schemes.' } })
  t.equal((await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}`, headers: basic('admin', 'wrong') })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}`, headers: { authorization: 'Basic !!!not-base64' } })).statusCode, 401)

  const b64 = (s: string) => Buffer.from(s).toString('base64')
  const login = await app.inject({ method: 'POST', url: `${API}/login`, payload: { data: { userName: b64(org.username), passphrase: b64(org.password) } } })
  t.equal(login.statusCode, 200)
  const { jwtToken, userName, role } = login.json().data
  t.equal(userName, 'admin')
  t.equal(role, 'Administrator')
  t.equal(jwtToken.split('.').length, 3, 'a signed JWT')
  const withToken = await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}`, headers: { jwtToken } })
  t.equal(withToken.json().meta.totalCount, 2)
  const privileges = await app.inject({ method: 'GET', url: `${API}/login/privileges`, headers: { jwtToken } })
  t.ok(privileges.json().data.includes('e_message_tracking_messages'))

  const tampered = jwtToken.slice(0, -2) + (jwtToken.endsWith('A') ? 'BB' : 'AA')
  const invalid = await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}`, headers: { jwtToken: tampered } })
  t.equal(invalid.json().error.message, 'InvalidTokenError.')
  await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: org.orgId, advance: '31m' } })
  const expired = await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}`, headers: { jwtToken } })
  t.equal(expired.statusCode, 401)
  t.equal(expired.json().error.message, 'ExpiredSignatureError.')

  const wrong = await app.inject({ method: 'POST', url: `${API}/login`, payload: { data: { userName: b64('admin'), passphrase: b64('nope') } } })
  t.equal(wrong.statusCode, 401)
  const notBase64 = await app.inject({ method: 'POST', url: `${API}/login`, payload: { data: { userName: 'ad min!', passphrase: b64('x') } } })
  t.equal(notBase64.statusCode, 400)
  t.match(notBase64.json().error.message, /base64/)
  const missing = await app.inject({ method: 'POST', url: `${API}/login`, payload: { data: {} } })
  t.equal(missing.statusCode, 400)
})

t.test('the default appliance answers to admin / ironport; one org never sees another org\'s messages', async (t) => {
  const a = await createOrg(app)
  const b = await createOrg(app)
  await load(t, app, a)
  t.equal((await search(app, b, WINDOW)).json().meta.totalCount, 0)
  t.equal((await search(app, a, WINDOW)).json().meta.totalCount, 2)
  const byDefault = await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}`, headers: basic('admin', 'ironport') })
  t.equal(byDefault.statusCode, 200)
  t.equal(byDefault.json().meta.totalCount, 0)
  await app.inject({ method: 'POST', url: '/__mock/reset', payload: { org: a.orgId } })
  t.equal((await search(app, a, WINDOW)).statusCode, 401, 'a reset org\'s appliance is gone')
  t.equal((await search(app, b, WINDOW)).statusCode, 200, 'other orgs are untouched')
})

t.test('bulk loading 10,000 tracked messages: every one counted, paged newest first and found by its fields', async (t) => {
  const org = await createOrg(app)
  const messages = Array.from({ length: 10_000 }, (_, i) => ({
    sender: `sender${i}@example.com`, recipients: [`rcpt${i % 100}@example.org`], subject: i % 1000 === 0 ? `test test ${i}` : `bulk ${i}`,
    senderIp: `10.0.${Math.floor(i / 250)}.${i % 250}`, timestamp: new Date(Date.parse('2026-03-01T00:00:00Z') + i * 1000).toISOString(),
    attachments: i % 10 === 0 ? [{ fileName: `file${i}.pdf`, sha256: i.toString(16).padStart(64, '0') }] : [],
  }))
  // Speed is the benchmark's (pnpm bench: ESA message search, AsyncOS tracking search over 10k messages).
  const res = await app.inject({ method: 'POST', url: '/__mock/messages', payload: { applianceId: org.applianceId, messages } })
  t.equal(res.statusCode, 201)
  t.equal(res.json().created, 10_000)
  const page = (await search(app, org, `${WINDOW}&limit=100`)).json()
  t.equal(page.meta.totalCount, 10_000, 'the whole window is counted')
  t.equal(page.data.length, 100, 'one page of 100')
  t.equal(page.data[0].attributes.subject, 'bulk 9999', 'newest first')
  const found = (await search(app, org, `${WINDOW}&subjectfilterOperator=begins_with&subjectfilterValue=test test&limit=100`)).json()
  t.equal(found.meta.totalCount, 10)
  t.same(found.data.map((m: { attributes: { subject: string } }) => m.attributes.subject).sort(), Array.from({ length: 10 }, (_, i) => `test test ${i * 1000}`).sort())
  const bySha = (await search(app, org, `${WINDOW}&fileSha256=${(500).toString(16).padStart(64, '0')}`)).json()
  t.equal(bySha.meta.totalCount, 1)
})
