// `tls: true` (`ctrmock up --tls`): every service answers over HTTPS too and the ESA's SMTP offers STARTTLS, all with a
// certificate the local CA signs, so a client that verifies certificates works once it trusts that CA.
import { X509Certificate } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import https from 'node:https'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import nodemailer from 'nodemailer'
import { CtrEnv } from '@ctrmock/ctr/config'
import { startCtrmock } from '../src/start.ts'
import { httpsPortOf } from '../src/stack.ts'
import { localTls } from '../src/tls.ts'
import { accepts } from '../../../test/helpers/processes.ts'

interface Answer { status: number; body: string }

function request(url: string, options: https.RequestOptions & { body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, options, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk }).on('end', () => resolve({ status: res.statusCode!, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

t.test('the local CA is kept across starts and signs a server certificate for the loopback names', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ctrmock-tls-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const first = await localTls(dir)
  const caPem = readFileSync(first.caFile, 'utf8')
  const firstLeaf = readFileSync(first.certFile, 'utf8')
  const second = await localTls(dir)
  t.equal(readFileSync(second.caFile, 'utf8'), caPem, 'a second start keeps the CA a client already trusts')
  t.not(readFileSync(second.certFile, 'utf8'), firstLeaf, 'and signs a new server certificate')

  const ca = new X509Certificate(caPem)
  const leaf = new X509Certificate(readFileSync(second.certFile))
  t.ok(ca.ca, 'the CA certificate is a CA')
  t.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey), 'the CA signed the server certificate')
  t.match(leaf.subjectAltName, /DNS:localhost/)
  t.match(leaf.subjectAltName, /IP Address:127\.0\.0\.1/)
  t.equal(statSync(second.keyFile).mode & 0o077, 0, 'the server key is readable by its owner only')
  t.equal(statSync(path.join(dir, 'ca-key.pem')).mode & 0o077, 0, 'so is the CA key')

  const later = new Date(Date.parse(ca.validTo) - 30 * 24 * 3600 * 1000)
  await localTls(dir, later)
  t.not(readFileSync(first.caFile, 'utf8'), caPem, 'a CA that would expire before the server certificate is made anew')
})

t.test('with tls, every service answers over HTTPS and SMTP offers STARTTLS, with the local CA', async (t) => {
  const stack = await startCtrmock({ tls: true, env: { LOG_LEVEL: 'silent' } })
  t.teardown(() => stack.stop())
  const tls = stack.tls!
  const ca = readFileSync(tls.caFile)

  for (const [name, url] of Object.entries(tls.urls)) {
    t.match(url, /^https:\/\/127\.0\.0\.1:\d+$/, `${name} has an HTTPS URL`)
    t.equal((await request(`${url}/__mock/ready`, { ca })).status, 200, `${name} answers over HTTPS`)
  }
  const untrusted = await request(`${tls.urls.ctr}/__mock/ready`).then(() => undefined, (error: NodeJS.ErrnoException) => error.code)
  t.equal(untrusted, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'a client that does not trust the local CA refuses the certificate')

  const client = { id: CtrEnv.properties.CTRMOCK_CLIENT_ID.default, password: CtrEnv.properties.CTRMOCK_CLIENT_PASSWORD.default }
  const token = await request(`${tls.urls.ctr}/iroh/oauth2/token`, {
    ca, method: 'POST', body: 'grant_type=client_credentials',
    headers: { authorization: basic(client.id, client.password), 'content-type': 'application/x-www-form-urlencoded' },
  })
  t.equal(token.status, 200, 'an API client gets a CTR token over HTTPS')
  t.match(JSON.parse(token.body), { token_type: 'bearer', access_token: String })

  // Links CTR hands out lead back over HTTPS, whichever way the caller came.
  for (const base of [stack.urls.ctr, tls.urls.ctr]) {
    const discovery = JSON.parse((await (base.startsWith('https') ? request(`${base}/.well-known/openid-configuration`, { ca }) : fetch(`${base}/.well-known/openid-configuration`).then(async (r) => ({ status: r.status, body: await r.text() })))).body)
    t.equal(discovery.token_endpoint, `${tls.urls.ctr}/iroh/oauth2/token`, `discovery from ${base} names the HTTPS token endpoint`)
    t.equal(discovery.jwks_uri, `${tls.urls.ctr}/.well-known/jwks`)
  }
  const clouds = JSON.parse((await request(`${tls.urls.ctr}/clouds.json`, { ca })).body)
  t.same(Object.values(clouds).map((cloud) => (cloud as Record<string, string>)['iroh-services']).sort(), [`${tls.urls.ctr}/iroh/`, `${tls.urls.ctrEu}/iroh/`].sort(), 'clouds.json names each region\'s HTTPS URL')

  const subject = `over STARTTLS ${Date.now()}`
  const mailer = (options: { ca?: Buffer }) => nodemailer.createTransport({ host: 'localhost', port: stack.urls.smtpPort, requireTLS: true, tls: options })
  const sent = await mailer({ ca }).sendMail({ from: 'sender@example.com', to: 'user@example.com', subject, text: 'hello' })
  t.match(sent.response, /^250/, 'a mail sent after STARTTLS is accepted')
  const refused = await mailer({}).sendMail({ from: 'sender@example.com', to: 'user@example.com', subject: 'untrusted', text: 'x' }).then(() => 'sent', (error: Error) => error.message)
  t.match(refused, /certificate/, 'STARTTLS presents the certificate the local CA signed')

  const now = Date.now()
  const window = `startDate=${new Date(now - 3600_000).toISOString()}&endDate=${new Date(now + 3600_000).toISOString()}`
  const tracked = await request(`${tls.urls.esa}/esa/api/v2.0/message-tracking/messages?${window}&subjectfilterOperator=is&subjectfilterValue=${encodeURIComponent(subject)}`, {
    ca, headers: { authorization: basic('admin', 'ironport') },
  })
  t.equal(tracked.status, 200, 'the AsyncOS API answers over HTTPS')
  t.equal(JSON.parse(tracked.body).meta.totalCount, 1, 'and tracks the mail that came over STARTTLS')

  await stack.stop()
  for (const url of Object.values(tls.urls)) t.notOk(await accepts(Number(new URL(url).port)), `${url} is closed with the stack`)
})

t.test('an HTTPS port is the service\'s port + 1000', async (t) => {
  t.equal(httpsPortOf(7100), 8100, 'CTR NAM on 7100 serves HTTPS on 8100')
  t.equal(httpsPortOf(7300), 8300, 'the ESA on 7300 on 8300')
})
