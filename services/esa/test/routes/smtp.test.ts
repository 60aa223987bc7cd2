import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import nodemailer from 'nodemailer'
import { listen } from '@ctrmock/kit'
import { API, asOrg, basic, buildTestApp, createOrg } from '../helper.ts'
import type { EsaApp } from '../../src/app.ts'

const WINDOW = 'startDate=2026-03-02T00:00:00.000Z&endDate=2026-03-03T00:00:00.000Z'

async function started(t: Test) {
  const app = await buildTestApp(t)
  await listen(app, 0)
  const port = await app.smtp.started
  return { app, port }
}

// One listening agent for the file; tests that need other settings or close it build their own.
const shared = await started(t)

const search = async (app: EsaApp, headers: Record<string, string>, query: string) =>
  (await app.inject({ method: 'GET', url: `${API}/message-tracking/messages?${WINDOW}&${query}`, headers })).json()

/** A raw SMTP conversation: each command waits for its final reply line; DATA lines wait only at the ".". */
async function converse(port: number, lines: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1')
  const replies: string[] = []
  let buffer = ''
  let waiting: (() => void) | undefined
  socket.on('data', (chunk) => {
    buffer += chunk.toString()
    const complete = buffer.split('\r\n')
    buffer = complete.pop() ?? ''
    for (const line of complete) {
      replies.push(line)
      if (/^\d{3} /.test(line)) waiting?.()
    }
  })
  const reply = () => Promise.race([new Promise<void>((resolve) => { waiting = resolve }), new Promise<void>((r) => setTimeout(r, 2_000))])
  await reply()
  let inData = false
  for (const line of lines) {
    const next = !inData || line === '.' ? reply() : undefined
    socket.write(`${line}\r\n`)
    if (!next) continue
    await next
    if (line === '.') inData = false
    else if (line.toUpperCase() === 'DATA' && replies.at(-1)?.startsWith('354')) inData = true
  }
  socket.end()
  return replies
}

t.test('a mail sent with nodemailer through the SMTP port shows in message tracking, attachment searchable', async (t) => {
  const { app, port } = shared
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  const content = Buffer.from('%PDF-1.4 invoice body')
  const info = await transport.sendMail({
    from: 'mgmt01@cisco.com', to: 'testingBren@cisco.com', subject: 'test test', text: 'hello',
    messageId: '<123-abc-456@cisco.com>', attachments: [{ filename: 'invoice.pdf', content }],
  })
  t.match(info.response, /^250 ok: {2}Message 1 accepted/)
  const admin = basic('admin', 'ironport')
  const body = await search(app, admin, 'subjectfilterOperator=begins_with&subjectfilterValue=test test')
  t.equal(body.meta.totalCount, 1)
  t.match(body.data[0].attributes, {
    mid: [1], subject: 'test test', sender: 'mgmt01@cisco.com', recipient: ['testingBren@cisco.com'],
    senderIp: '127.0.0.1', direction: 'incoming', messageStatus: { 1: 'Delivered' }, messageID: { 1: '<123-abc-456@cisco.com>' },
  })
  const sha = createHash('sha256').update(content).digest('hex')
  t.equal((await search(app, admin, `fileSha256=${sha}`)).meta.totalCount, 1, 'found by the attachment sha256')
  t.equal((await search(app, admin, 'attachmentNameValue=invoice.pdf')).meta.totalCount, 1, 'found by the attachment name')
  const details = (await app.inject({ method: 'GET', url: `${API}/message-tracking/details?${WINDOW}&mid=1`, headers: admin })).json().data.messages
  t.equal(details.summary.at(-1).description, 'Message 1 to testingBren@cisco.com received remote')

  const second = await transport.sendMail({ from: 'a@b.com', to: ['x@y.com', 'z@y.com'], subject: 'second', text: 'x' })
  t.match(second.response, /Message 2 accepted/, 'MIDs increment')
  transport.close()
})

t.test('SMTP AUTH with an org\'s SMTP credentials files the mail under that org\'s appliance', async (t) => {
  const { app, port } = shared
  const org = await createOrg(app)
  await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: org.orgId, advance: '1h' } })
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: org.smtp.username, pass: org.smtp.password } })
  await transport.sendMail({ from: 'x@org.example', to: 'y@org.example', subject: 'test test org', text: 'x' })
  transport.close()
  const found = await search(app, asOrg(org), 'subjectfilterValue=test test org')
  t.equal(found.meta.totalCount, 1)
  t.equal(found.data[0].attributes.timestamp, '02 Mar 2026 10:00:00 (GMT +00:00)', 'mail carries the service time, which CTR searches by, not the org\'s moved clock')
  t.equal((await search(app, basic('admin', 'ironport'), 'subjectfilterValue=test test org')).meta.totalCount, 0, 'not on the default appliance')

  const wrong = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: org.smtp.username, pass: 'wrong' } })
  const refused = await wrong.sendMail({ from: 'x@org.example', to: 'y@org.example', subject: 'nope', text: 'x' }).catch((e: { responseCode?: number }) => e)
  t.equal((refused as { responseCode?: number }).responseCode, 535, 'wrong SMTP credentials get 535')
  wrong.close()
})

t.test('bad SMTP commands get SMTP errors, the listener stays up and no message is lost', async (t) => {
  const { app, port } = shared
  const replies = await converse(port, [
    'EHLO tester', 'GARBAGE COMMAND', 'RCPT TO:<before-mail@x.com>', 'MAIL FROM:<not an address', 'DATA',
    'MAIL FROM:<ok@x.com>', 'RCPT TO:<r@x.com>', 'DATA', 'Subject: after garbage', '', 'body', '.', 'QUIT',
  ])
  t.ok(replies.some((r) => r.startsWith('500')), 'an unknown command gets 500')
  t.ok(replies.some((r) => r.startsWith('503')), 'a command out of sequence gets 503')
  t.ok(replies.some((r) => r.startsWith('501')) || replies.some((r) => r.startsWith('553')), 'a malformed address is refused')
  t.ok(replies.some((r) => /^250 ok: {2}Message \d+ accepted/.test(r)), 'the valid mail after the garbage is accepted')
  const found = await search(app, basic('admin', 'ironport'), 'subjectfilterValue=after garbage')
  t.equal(found.meta.totalCount, 1)
  t.equal((await app.inject({ method: 'GET', url: '/__mock/health' })).statusCode, 200)
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  await transport.sendMail({ from: 'a@b.com', to: 'c@d.com', subject: 'still alive', text: 'x' })
  transport.close()
  t.equal((await search(app, basic('admin', 'ironport'), 'subjectfilterValue=still alive')).meta.totalCount, 1)
})

t.test('a mail larger than the size limit is refused with 552', async (t) => {
  const app = await buildTestApp(t, { env: { SMTP_MAX_MESSAGE_BYTES: '2048' } })
  await listen(app, 0)
  const port = await app.smtp.started
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  const refused = await transport.sendMail({ from: 'a@b.com', to: 'c@d.com', subject: 'big', text: 'x'.repeat(10_000) }).catch((e: { responseCode?: number }) => e)
  t.equal((refused as { responseCode?: number }).responseCode, 552)
  transport.close()
})

t.test('the SMTP listener is part of readiness and closes with the app', async (t) => {
  const { app, port } = await started(t)
  t.equal(app.smtp.port, port)
  await app.close()
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('error', () => resolve(true))
    socket.on('connect', () => { socket.destroy(); resolve(false) })
  })
  t.ok(refused, 'the port is closed')
})

t.test("each recipient's mail falls under the first incoming mail policy that takes it, else DEFAULT", async (t) => {
  const { app, port } = shared
  const org = await createOrg(app)
  const admin = asOrg(org)
  for (const name of ['Executives', 'Partners']) await app.inject({ method: 'POST', url: '/__mock/incoming-mail-policies', payload: { applianceId: org.applianceId, name } })
  const users = (policy: string, data: object) =>
    app.inject({ method: 'POST', url: `${API}/config/incoming_mail_policies/${policy}/senders_and_recipients?device_type=esa`, headers: admin, payload: { data } })
  t.equal((await users('Executives', { sender_config: { sender: { domain_entries: ['ANY'] } }, receiver_config: { operation: 'and', receiver: { domain_entries: ['CEO@corp.example'] } } })).statusCode, 201)
  t.equal((await users('Partners', {
    sender_config: { sender: { domain_entries: ['@.partner.example'] } },
    receiver_config: { operation: 'and', receiver: { domain_entries: ['@corp.example'] }, receiver_not: { domain_entries: ['ceo@'] } },
  })).statusCode, 201)

  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: org.smtp.username, pass: org.smtp.password } })
  await transport.sendMail({ from: 'pat@eu.partner.example', to: ['ceo@corp.example', 'bob@corp.example', 'eve@elsewhere.example'], subject: 'quarterly', text: 'hi' })
  await transport.sendMail({ from: 'pat@partner.example', to: 'bob@corp.example', subject: 'not a subdomain', text: 'hi' })
  transport.close()

  const found = await search(app, admin, 'searchOption=messages&offset=0&limit=10')
  const policiesBySubject = Object.fromEntries(found.data.map((m: { attributes: { subject: string; mailPolicy: string[] } }) => [m.attributes.subject, m.attributes.mailPolicy]))
  t.same(policiesBySubject, { quarterly: ['Executives', 'Partners', 'DEFAULT'], 'not a subdomain': ['DEFAULT'] }, 'in the order of the recipients; @.partner.example names subdomains only')
  const mid = found.data.find((m: { attributes: { subject: string } }) => m.attributes.subject === 'quarterly').attributes.mid[0]
  const details = (await app.inject({ method: 'GET', url: `${API}/message-tracking/details?${WINDOW}&mid=${mid}`, headers: admin })).json().data.messages
  t.same(details.mailPolicy, ['Executives', 'Partners', 'DEFAULT'])
})
