// A service given a certificate for HTTPS and STARTTLS needs both halves: one alone fails the start, naming both.
import t from 'tap'
import { ConfigError, readTlsFiles } from '../src/index.ts'

t.test('no certificate is no TLS; a certificate without its key, or the reverse, fails the start', async (t) => {
  t.equal(await readTlsFiles({}), undefined, 'without either file the service serves plain HTTP and SMTP')
  for (const config of [{ TLS_CERT_FILE: '/tmp/cert.pem' }, { TLS_KEY_FILE: '/tmp/key.pem' }]) {
    await t.rejects(readTlsFiles(config), new ConfigError('invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE go together'))
  }
  await t.rejects(readTlsFiles({ TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: '/nonexistent/key.pem' }), { code: 'ENOENT' }, 'a missing file fails the start with the reason')
})
