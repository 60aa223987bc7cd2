// inspect's passes are skipped when the text lacks what they need; these texts sit at the edges of those checks.
import { test } from 'tap'
import { inspect } from '../../src/domain/inspect.ts'

test('the investigation syntax is found wherever its colon is', async (t) => {
  t.same(inspect(':email_subject:"hi there"'), [{ type: 'email_subject', value: 'hi there' }], 'after a colon at the start')
  t.same(inspect('see http:x then email_subject:"a b"'), [{ type: 'email_subject', value: 'a b' }], 'after a colon that names no type')
  t.same(inspect('file_name:"x y" and cisco_mid:42'), [{ type: 'file_name', value: 'x y' }, { type: 'cisco_mid', value: '42' }])
  t.same(inspect('xemail_subject:"a b" Email_subject:"c" EMAIL_SUBJECT:"d"'), [], 'only a whole lower-case type word counts')
})

test('hashes are found in either case and only at their lengths', async (t) => {
  const md5 = 'ABCDEF0123456789abcdef0123456789'
  t.same(inspect(`hash ${md5}`), [{ type: 'md5', value: md5 }])
  t.same(inspect(`sha1 ${'E'.repeat(40)}`), [{ type: 'sha1', value: 'E'.repeat(40) }])
  t.same(inspect(`short ${'a'.repeat(31)} odd ${'b'.repeat(33)} long ${'c'.repeat(65)}`), [])
  // The check for a run of 32 looks at every 32nd position: a run is found wherever it starts.
  for (let at = 0; at < 40; at++) {
    t.same(inspect(`${'x'.repeat(at)} ${md5} ${'y'.repeat(40 - at)}`), [{ type: 'md5', value: md5 }], `a run after ${at + 1} other characters`)
  }
  t.same(inspect(`${'a'.repeat(31)} ${'b'.repeat(31)} ${'c'.repeat(31)}`), [], 'runs of 31 next to each other')
})

test('a later pass sees the text with earlier finds blanked', async (t) => {
  t.same(inspect('http://user@evil.example.com/x'), [{ type: 'url', value: 'http://user@evil.example.com/x' }], 'no email or domain inside the url')
  t.same(inspect('bad@evil.example.com 10.1.2.3 cisco.com'), [
    { type: 'email', value: 'bad@evil.example.com' }, { type: 'ip', value: '10.1.2.3' }, { type: 'domain', value: 'cisco.com' },
  ])
  t.same(inspect('fe80::1 then a:b'), [{ type: 'ipv6', value: 'fe80::1' }])
})

test('repeated observables are reported once, in order of appearance, however many there are', async (t) => {
  t.same(inspect('1.1.1.1 cisco.com 1.1.1.1 cisco.com'), [{ type: 'ip', value: '1.1.1.1' }, { type: 'domain', value: 'cisco.com' }])
  const many = Array.from({ length: 20 }, (_, i) => `10.0.0.${i % 10}`).join(' ')
  t.same(inspect(many).map((o) => o.value), Array.from({ length: 10 }, (_, i) => `10.0.0.${i}`))
})

// urls, emails, IPv4 addresses and domains are only tried where their literal (`://`, `@`, a dot) lets one start.
test('an email starts where the run of local-part characters before its @ starts, 1 to 64 of them', async (t) => {
  t.same(inspect(`${'a'.repeat(64)}@example.com`), [{ type: 'email', value: `${'a'.repeat(64)}@example.com` }])
  t.same(inspect(`${'a'.repeat(65)}@example.com`), [], 'a longer local part is no email (and a domain after an @ is none)')
  t.same(inspect('@example.com x.@y.io'), [{ type: 'email', value: 'x.@y.io' }], 'an @ with nothing before it starts none')
  t.same(inspect('a@b.com@c.com'), [{ type: 'email', value: 'a@b.com' }], 'the second @ is inside the first email\'s run')
})

test('an IPv4 address starts with the run of 1 to 3 digits before its first dot', async (t) => {
  t.same(inspect('1234.5.6.7 .1.2.3.4 9.8.7.6'), [{ type: 'ip', value: '9.8.7.6' }])
  t.same(inspect('256.1.1.1 25.1.1.1 192.0.2.1'), [{ type: 'ip', value: '25.1.1.1' }, { type: 'ip', value: '192.0.2.1' }])
})

test('a url starts with its scheme right before ://', async (t) => {
  t.same(inspect('xhttp://a.io HTTPS://B.IO/x ftp://c.io'), [
    { type: 'domain', value: 'a.io' }, { type: 'url', value: 'HTTPS://B.IO/x' }, { type: 'url', value: 'ftp://c.io' },
  ], 'no scheme starts inside a word')
  t.same(inspect('s:// ps://x.io https://'), [{ type: 'domain', value: 'x.io' }])
})

test('a domain starts where its run of host characters starts', async (t) => {
  t.same(inspect('-a.com _b.com .c.com d..e.com f.example.org'), [{ type: 'domain', value: 'f.example.org' }])
  t.same(inspect(`${'a.'.repeat(20000)}b`), [], 'a hostile run is tried once')
})
