import t from 'tap'
import { JwtError, signHs256, verifyHs256 } from '../../src/index.ts'

const now = new Date('2026-01-01T00:00:00Z')
const iat = Math.floor(now.getTime() / 1000)
const reason = (run: () => unknown) => {
  try {
    run()
    return 'verified'
  } catch (error) {
    return error instanceof JwtError ? error.reason : String(error)
  }
}

t.test('device credentials name the audience they were made for', async (t) => {
  const claims = { iss: 'device-1', sub: 'device-1', iat, exp: iat + 300 }
  t.equal(reason(() => verifyHs256(signHs256('secret', { ...claims, aud: 'sse' }), 'secret', now, { audience: 'sse' })), 'verified')
  t.equal(reason(() => verifyHs256(signHs256('secret', { ...claims, aud: 'device' }), 'secret', now, { audience: 'sse' })), 'claims', 'another audience')
  t.equal(reason(() => verifyHs256(signHs256('secret', claims), 'secret', now, { audience: 'sse' })), 'claims', 'no audience at all')
  t.equal(reason(() => verifyHs256(signHs256('secret', claims), 'secret', now)), 'verified', 'no audience expected')
})
