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
