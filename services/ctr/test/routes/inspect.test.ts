import { test } from 'tap'
import { buildTestApp, orgWithToken } from '../helper.ts'

test('inspect', async (t) => {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app)
  const inspect = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', headers: { ...org.auth, ...headers }, payload: payload as object })

  await t.test('reads the tech note\'s investigation syntax for any CTIM type', async (t) => {
    const res = await inspect({ content: 'email_subject:"test test" cisco_mid:"12345" ip:"4.2.2.2" email_messageid:"123-abc-456@cisco.com" file_name:"invoice.pdf"' })
    t.equal(res.statusCode, 200)
    t.same(res.json(), [
      { type: 'email_subject', value: 'test test' }, { type: 'cisco_mid', value: '12345' }, { type: 'ip', value: '4.2.2.2' },
      { type: 'email_messageid', value: '123-abc-456@cisco.com' }, { type: 'file_name', value: 'invoice.pdf' },
    ])
  })

  await t.test('finds ips, domains, urls, emails and hashes in free text, each once', async (t) => {
    const sha256 = 'a'.repeat(64)
    const res = await inspect({ content: `mail from bad@evil.example subject hello 1.2.3.4, see https://evil.example/x?a=1 and cisco.com; ${sha256} ${'b'.repeat(40)} ${'c'.repeat(32)} fe80::1 1.2.3.4 cisco.com` })
    t.same(res.json(), [
      { type: 'email', value: 'bad@evil.example' }, { type: 'ip', value: '1.2.3.4' }, { type: 'url', value: 'https://evil.example/x?a=1' },
      { type: 'domain', value: 'cisco.com' }, { type: 'sha256', value: sha256 }, { type: 'sha1', value: 'b'.repeat(40) },
      { type: 'md5', value: 'c'.repeat(32) }, { type: 'ipv6', value: 'fe80::1' },
    ])
    t.same((await inspect({ content: 'cisco.com' })).json(), [{ type: 'domain', value: 'cisco.com' }])
    t.same((await inspect({ content: 'nothing here, 12:30:45 and invoice.pdf' })).json(), [])
  })

  await t.test('bad bodies answer 400 naming the key, as IROH\'s schema errors do', async (t) => {
    const missing = await inspect({})
    t.equal(missing.statusCode, 400)
    t.same(missing.json(), { content: 'missing-required-key' })
    const extra = await inspect({ content: 'x', other: 1 })
    t.equal(extra.statusCode, 400)
    t.same(extra.json(), { other: 'disallowed-key' })
    const wrongType = await inspect({ content: 5 })
    t.equal(wrongType.statusCode, 400)
    t.match(wrongType.json().content, /not/)
    t.equal((await inspect([1])).statusCode, 400)
    const junk = await app.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', headers: { ...org.auth, 'content-type': 'application/json' }, payload: '{"content":' })
    t.equal(junk.statusCode, 400)
    const text = await app.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', headers: { ...org.auth, 'content-type': 'text/plain' }, payload: 'content' })
    t.ok(text.statusCode >= 400 && text.statusCode < 500)
  })

  await t.test('hostile text costs linear time (no regex backtracking blow-up)', async (t) => {
    for (const content of ['a.'.repeat(300_000), 'a-'.repeat(300_000) + '@', '1.'.repeat(300_000), 'email_subject:"'.repeat(40_000), 'x@'.repeat(300_000)]) {
      const started = performance.now()
      const res = await inspect({ content })
      t.equal(res.statusCode, 200)
      t.ok(performance.now() - started < 3000, `${content.slice(0, 16)}… answered in ${Math.round(performance.now() - started)} ms`)
    }
  })

  await t.test('a megabyte of text is inspected without trouble', async (t) => {
    const res = await inspect({ content: 'lorem ipsum 10.0.0.1 '.repeat(40_000) })
    t.equal(res.statusCode, 200)
    t.same(res.json(), [{ type: 'ip', value: '10.0.0.1' }])
  })
})
