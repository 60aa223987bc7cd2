// The Spam Quarantine over SMTP and the AsyncOS API, as the XSOAR Cisco ESA integration drives it: mail with Cisco's
// anti-spam test header or from a blocklisted sender waits there; a safelisted sender's mail is delivered; a release
// delivers, a delete drops; the lists are viewed and changed by recipient or by sender; the incoming-mail report
// counts each verdict.
import t, { type Test } from 'tap'
import nodemailer from 'nodemailer'
import { listen } from '@ctrmock/kit'
import { API, asOrg, buildTestApp, createOrg } from '../helper.ts'

const WINDOW = 'startDate=2026-03-02T00:00:00.000Z&endDate=2026-03-03T00:00:00.000Z'
const app = await buildTestApp(t)
await listen(app, 0)
const port = await app.smtp.started

type Mail = { from: string; to: string; subject: string; text?: string; headers?: Record<string, string>; attachments?: Array<{ filename: string; content: string }> }

/** An appliance of its own, and a way to send it mail and call its AsyncOS API. */
async function appliance(t: Test) {
  const org = await createOrg(app)
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: org.smtp.username, pass: org.smtp.password } })
  t.teardown(() => transport.close())
  const call = (method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object) =>
    app.inject({ method, url: `${API}${path}`, headers: asOrg(org), ...(payload ? { payload } : {}) })
  const send = async (mail: Mail) => Number(/Message (\d+) accepted/.exec((await transport.sendMail({ text: 'hello', ...mail })).response)![1])
  return { org, call, send }
}

const quarantined = async (call: Awaited<ReturnType<typeof appliance>>['call'], query = '') =>
  (await call('GET', `/quarantine/messages?quarantineType=spam&${WINDOW}${query}`)).json()
const tracked = async (call: Awaited<ReturnType<typeof appliance>>['call'], mid: number) =>
  (await call('GET', `/message-tracking/details?mid=${mid}`)).json().data.messages

t.test('a mail with Cisco\'s anti-spam test header waits in the Spam Quarantine until released', async (t) => {
  const { call, send } = await appliance(t)
  const mid = await send({
    from: 'Promo Team <promo@deals.example>', to: 'Alice <alice@corp.example>', subject: 'You won', text: 'Claim your prize',
    headers: { 'X-Advertisement': 'spam' }, attachments: [{ filename: 'prize.html', content: '<b>x</b>' }],
  })
  const ham = await send({ from: 'bob@partner.example', to: 'alice@corp.example', subject: 'Minutes' })

  const found = await quarantined(call)
  t.equal(found.meta.totalCount, 1, 'only the spam is held')
  t.match(found.data[0], {
    mid,
    attributes: {
      envelopeRecipient: ['alice@corp.example'], toAddress: [/Alice.* <alice@corp\.example>/], subject: 'You won',
      date: '02 Mar 2026 10:00 (GMT +00:00)', fromAddress: [/Promo Team.* <promo@deals\.example>/], size: /^\d+\.\d{2}K$/,
    },
  })
  t.equal((await tracked(call, mid)).messageStatus, 'Quarantined', 'message tracking shows it held')
  t.equal((await tracked(call, ham)).messageStatus, 'Delivered')
  const details = (await call('GET', `/quarantine/messages/details?quarantineType=spam&mid=${mid}`)).json().data
  t.match(details, { mid, attributes: { messageBody: /Claim your prize/, attachments: ['prize.html'], subject: 'You won' } })

  const released = await call('POST', '/quarantine/messages', { action: 'release', mids: [mid], quarantineType: 'spam' })
  t.same(released.json(), { data: { action: 'release', totalCount: 1 } })
  t.same((await call('POST', '/quarantine/messages', { action: 'release', mids: [mid], quarantineType: 'spam' })).json(),
    { data: { action: 'release', totalCount: 0 } }, 'a mail released once is not held any more')
  t.equal((await quarantined(call)).meta.totalCount, 0)
  const delivered = await tracked(call, mid)
  t.equal(delivered.messageStatus, 'Delivered')
  t.equal(delivered.summary.at(-1).description, `Message ${mid} to alice@corp.example received remote`)
})

t.test('a deleted mail is dropped, and its details are gone', async (t) => {
  const { call, send } = await appliance(t)
  const mid = await send({ from: 'x@spam.example', to: 'carol@corp.example', subject: 'cheap', headers: { 'X-Advertisement': 'Spam' } })
  t.same((await call('DELETE', '/quarantine/messages', { mids: [mid, 999], quarantineType: 'spam' })).json(), { data: { action: 'delete', totalCount: 1 } })
  t.equal((await tracked(call, mid)).messageStatus, 'Dropped')
  const gone = await call('GET', `/quarantine/messages/details?quarantineType=spam&mid=${mid}`)
  t.equal(gone.statusCode, 404)
  t.match(gone.json(), { error: { code: '404', message: /Spam Quarantine/ } })
})

t.test('the search filters, orders and pages as the integration asks', async (t) => {
  const { call, send } = await appliance(t)
  const spam = { headers: { 'X-Advertisement': 'spam' } }
  const a = await send({ ...spam, from: 'a@one.example', to: 'dave@corp.example', subject: 'alpha offer' })
  const b = await send({ ...spam, from: 'b@two.example', to: 'erin@corp.example', subject: 'beta offer' })
  const c = await send({ ...spam, from: 'c@three.example', to: 'dave@corp.example', subject: 'gamma' })
  t.same((await quarantined(call)).data.map((m: { mid: number }) => m.mid), [c, b, a], 'newest first')
  t.same((await quarantined(call, '&orderBy=subject&orderDir=asc')).data.map((m: { mid: number }) => m.mid), [a, b, c])
  t.same((await quarantined(call, '&filterBy=subject&filterOperator=contains&filterValue=OFFER')).data.map((m: { mid: number }) => m.mid), [b, a])
  t.same((await quarantined(call, '&envelopeRecipientFilterOperator=is&envelopeRecipientFilterValue=dave@corp.example')).meta, { totalCount: 2 })
  const page = await quarantined(call, '&offset=1&limit=1')
  t.same([page.meta.totalCount, page.data.map((m: { mid: number }) => m.mid)], [3, [b]])
  t.equal((await call('GET', '/quarantine/messages?quarantineType=spam&startDate=2026-03-03T00:00:00.000Z&endDate=2026-03-04T00:00:00.000Z')).json().meta.totalCount, 0, 'outside the window')
})

t.test('safelists and blocklists decide before the spam verdict', async (t) => {
  const { call, send } = await appliance(t)
  t.same((await call('POST', '/quarantine/safelist', {
    action: 'add', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['Frank@corp.example'], senderList: ['news.example', 'boss@corp.example'],
  })).json(), { data: { message: 'Added Successfully' } })
  t.same((await call('POST', '/quarantine/blocklist', {
    action: 'add', quarantineType: 'spam', viewBy: 'sender', senderAddresses: ['pest@annoying.example'], recipientList: ['frank@corp.example', 'gina@corp.example'],
  })).json(), { data: { message: 'Added Successfully' } })

  const trusted = await send({ from: 'digest@news.example', to: 'frank@corp.example', subject: 'digest', headers: { 'X-Advertisement': 'spam' } })
  const pest = await send({ from: 'pest@annoying.example', to: 'gina@corp.example', subject: 'hi again' })
  t.equal((await tracked(call, trusted)).messageStatus, 'Delivered', 'a safelisted sender passes the spam verdict')
  t.equal((await tracked(call, pest)).messageStatus, 'Quarantined', 'a blocklisted sender is held without any spam verdict')

  const byRecipient = (await call('GET', '/quarantine/blocklist?action=view&quarantineType=spam&viewBy=recipient')).json()
  t.same(byRecipient, {
    meta: { totalCount: 2 },
    data: [{ recipientAddress: 'frank@corp.example', senderList: ['pest@annoying.example'] }, { recipientAddress: 'gina@corp.example', senderList: ['pest@annoying.example'] }],
  })
  await call('POST', '/quarantine/safelist', { action: 'append', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['frank@corp.example'], senderList: ['[10.1.1.1]'] })
  t.same((await call('GET', '/quarantine/safelist?action=view&quarantineType=spam&viewBy=recipient')).json().data,
    [{ recipientAddress: 'frank@corp.example', senderList: ['[10.1.1.1]', 'boss@corp.example', 'news.example'] }])
  await call('POST', '/quarantine/safelist', { action: 'edit', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['frank@corp.example'], senderList: ['news.example'] })
  t.same((await call('GET', '/quarantine/safelist?action=view&quarantineType=spam&viewBy=sender')).json().data,
    [{ senderAddress: 'news.example', recipientList: ['frank@corp.example'] }], 'edit replaces the row')
  t.same((await call('DELETE', '/quarantine/blocklist', { quarantineType: 'spam', viewBy: 'sender', senderList: ['pest@annoying.example'] })).json(), { data: { message: 'Deleted Successfully' } })
  t.same((await call('GET', '/quarantine/blocklist?action=view&quarantineType=spam&viewBy=sender')).json(), { meta: { totalCount: 0 }, data: [] })
  const after = await send({ from: 'pest@annoying.example', to: 'gina@corp.example', subject: 'now welcome' })
  t.equal((await tracked(call, after)).messageStatus, 'Delivered', 'the blocklist no longer holds the sender')
})

t.test('one appliance\'s quarantine and lists are its own', async (t) => {
  const first = await appliance(t)
  const second = await appliance(t)
  await first.call('POST', '/quarantine/blocklist', { action: 'add', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['h@corp.example'], senderList: ['x.example'] })
  await first.send({ from: 'y@x.example', to: 'h@corp.example', subject: 'held here' })
  t.equal((await quarantined(first.call)).meta.totalCount, 1)
  t.equal((await quarantined(second.call)).meta.totalCount, 0)
  t.equal((await second.call('GET', '/quarantine/blocklist?action=view&quarantineType=spam&viewBy=recipient')).json().meta.totalCount, 0)
  const mid = await second.send({ from: 'y@x.example', to: 'h@corp.example', subject: 'not held there' })
  t.equal((await tracked(second.call, mid)).messageStatus, 'Delivered')
})

t.test('the incoming traffic summary counts recipients by verdict, in its window', async (t) => {
  const { call, send } = await appliance(t)
  await call('POST', '/quarantine/blocklist', { action: 'add', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['k@corp.example'], senderList: ['pest.example'] })
  await send({ from: 'a@clean.example', to: 'k@corp.example, l@corp.example', subject: 'clean' })
  await send({ from: 'b@spam.example', to: 'k@corp.example', subject: 'spam', headers: { 'X-Advertisement': 'spam' } })
  await send({ from: 'c@maybe.example', to: 'k@corp.example, l@corp.example', subject: 'suspect', headers: { 'X-Advertisement': 'suspect' } })
  await send({ from: 'd@shop.example', to: 'l@corp.example', subject: 'sale', headers: { 'X-Advertisement': 'marketing' } })
  await send({ from: 'e@pest.example', to: 'k@corp.example', subject: 'pest' })
  const report = async (window: string) => {
    const res = await call('GET', `/reporting/mail_incoming_traffic_summary?${window}&device_type=esa`)
    t.equal(res.statusCode, 200, res.body)
    return Object.assign({}, ...res.json().data.resultSet) as Record<string, number>
  }
  const counts = await report(WINDOW)
  t.match(counts, {
    total_recipients: 7, detected_spam: 4, detected_spam_certain: 2, detected_spam_suspect: 2, total_threat_recipients: 4,
    marketing_mail: 1, total_graymail_recipients: 1, total_clean_recipients: 2, detected_virus: 0, detected_amp: 0,
  })
  t.equal(Object.keys(counts).length, 26, 'every counter a real appliance reports')
  t.equal((await report('startDate=2026-03-03T00:00:00.000Z&endDate=2026-03-04T00:00:00.000Z')).total_recipients, 0, 'none outside the window')

  const subjects = async (events: string) => {
    const res = await call('GET', `/message-tracking/messages?${WINDOW}&${events}`)
    return res.json().data.map((d: { attributes: { subject: string } }) => d.attributes.subject).sort()
  }
  t.same(await subjects('spamPositive=true'), ['spam'], 'message tracking finds each anti-spam event')
  t.same(await subjects('suspectSpam=true'), ['suspect'])
  t.same(await subjects('graymail=true'), ['sale'])
  t.same(await subjects('quarantinedAsSpam=true'), ['pest', 'spam'], 'a blocklisted sender\'s mail is quarantined as spam too')
  t.same(await subjects('spamPositive=true&suspectSpam=true'), [], 'events of one message: each flag must hold')
})

t.test('bad input is an AsyncOS error, and changes nothing', async (t) => {
  const { call } = await appliance(t)
  const cases: Array<[ReturnType<typeof call>, number, RegExp]> = [
    [call('GET', '/quarantine/safelist?action=view&quarantineType=spam'), 400, /viewBy/],
    [call('GET', '/quarantine/safelist?action=view&quarantineType=pvo&viewBy=recipient'), 400, /quarantineType/],
    [call('POST', '/quarantine/safelist', { action: 'add', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['not an address'], senderList: ['a.example'] }), 400, /recipient address/],
    [call('POST', '/quarantine/safelist', { action: 'add', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['i@corp.example'], senderList: ['bad sender!'] }), 400, /sender entry/],
    [call('POST', '/quarantine/blocklist', { action: 'add', quarantineType: 'spam', viewBy: 'sender', senderAddresses: ['a.example'] }), 400, /recipientList/],
    [call('DELETE', '/quarantine/blocklist', { quarantineType: 'spam', viewBy: 'recipient' }), 400, /recipientList/],
    [call('GET', '/quarantine/messages?quarantineType=spam'), 404, /startDate or endDate/],
    [call('GET', `/quarantine/messages?quarantineType=spam&${WINDOW}&filterBy=subject`), 400, /filterBy, filterOperator, filterValue/],
    [call('GET', '/quarantine/messages?quarantineType=spam&startDate=yesterday&endDate=today'), 400, /startDate/],
    [call('POST', '/quarantine/messages', { action: 'release', mids: [], quarantineType: 'spam' }), 400, /mids/],
    [call('POST', '/quarantine/messages', { action: 'forward', mids: [1], quarantineType: 'spam' }), 400, /action/],
    [call('GET', '/quarantine/messages/details?quarantineType=spam&mid=abc'), 400, /mid/],
    [call('GET', '/reporting/mail_incoming_traffic_summary'), 404, /startDate or endDate/],
    [call('GET', '/quarantine/messages?quarantineType=spam&startDate=2026-03-03T00:00:00.000Z&endDate=2026-03-02T00:00:00.000Z'), 400, /later than endDate/],
    [call('GET', '/reporting/mail_incoming_traffic_summary?startDate=2026-13-01T00:00:00.000Z&endDate=2026-03-03T00:00:00.000Z'), 400, /startDate/],
  ]
  for (const [pending, status, message] of cases) {
    const res = await pending
    t.equal(res.statusCode, status, res.body)
    t.match(res.json(), { error: { message, code: String(status) } })
  }
  t.equal((await call('GET', '/quarantine/safelist?action=view&quarantineType=spam&viewBy=recipient')).json().meta.totalCount, 0, 'nothing was added')
  const unauthenticated = await app.inject({ method: 'GET', url: `${API}/quarantine/safelist?action=view&quarantineType=spam&viewBy=recipient` })
  t.equal(unauthenticated.statusCode, 401)
})

t.test('a reset of the org empties its quarantine and lists', async (t) => {
  const { org, call, send } = await appliance(t)
  const { spamQuarantine } = app.esa.store
  await call('POST', '/quarantine/safelist', { action: 'add', quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: ['j@corp.example'], senderList: ['k.example'] })
  await send({ from: 'z@spam.example', to: 'j@corp.example', subject: 'held', headers: { 'X-Advertisement': 'spam' } })
  t.equal((await spamQuarantine.held(org.applianceId)).length, 1)
  t.equal((await spamQuarantine.listPairs(org.applianceId, 'safelist')).length, 1)
  await app.inject({ method: 'POST', url: '/__mock/reset', payload: { org: org.orgId } })
  t.same(await spamQuarantine.held(org.applianceId), [])
  t.same(await spamQuarantine.listPairs(org.applianceId, 'safelist'), [])
})
