// RS256 verification with a kid lookup: only RS256 passes (no alg confusion, no "none"), the key comes from the kid,
// and a token is refused from its exp on by the caller's clock.
import t from 'tap'
import { generateSigningKey, JwtError, signHs256, signRs256, signRs256InThreadPool, verifyRs256 } from '../../src/index.ts'

const key = generateSigningKey('kid-1')
const keyFor = async (kid: string) => (kid === key.kid ? key.publicKeyPem : undefined)
const now = new Date('2026-01-01T00:00:00Z')
const iat = Math.floor(now.getTime() / 1000)
const claims = { iss: 'IROH Auth', sub: 'user', iat, nbf: iat - 60, exp: iat + 600 }

async function outcome(token: string, at = now): Promise<string> {
  try {
    await verifyRs256(token, keyFor, at, { issuer: 'IROH Auth' })
    return 'verified'
  } catch (error) {
    return error instanceof JwtError ? error.reason : String(error)
  }
}

t.test('a token signed by the key its kid names verifies, with its claims as signed', async (t) => {
  t.match(await verifyRs256(signRs256(key, claims), keyFor, now), claims)
})

t.test('signing on the thread pool gives the very token signRs256 gives (RS256 is deterministic)', async (t) => {
  t.equal(await signRs256InThreadPool(key, claims), signRs256(key, claims))
  t.equal(await outcome(await signRs256InThreadPool(key, claims)), 'verified')
})

t.test('only RS256 passes: HS256 keyed with the public key, and an unsigned token, are refused', async (t) => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  t.equal(await outcome(signHs256(key.publicKeyPem, claims)), 'signature')
  t.equal(await outcome(`${b64({ alg: 'none', typ: 'JWT', kid: key.kid })}.${b64(claims)}.`), 'signature')
})

t.test('an unknown kid is refused, as is a key claiming a known kid', async (t) => {
  t.equal(await outcome(signRs256(generateSigningKey('kid-2'), claims)), 'unknown_key')
  t.equal(await outcome(signRs256(generateSigningKey('kid-1'), claims)), 'signature')
})

t.test('times come from the given clock: valid until just before exp, refused from exp on and before nbf', async (t) => {
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000)
  const token = signRs256(key, claims)
  t.equal(await outcome(token, at(599.999)), 'verified')
  t.equal(await outcome(token, at(600)), 'expired')
  t.equal(await outcome(token, at(-61)), 'not_yet_valid')
  t.equal(await outcome(signRs256(key, { ...claims, iss: 'someone else' })), 'claims')
})

t.test('a tampered token, a damaged signature and a wrong audience are refused', async (t) => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const [header, , signature] = signRs256(key, claims).split('.')
  t.equal(await outcome(`${header}.${b64({ ...claims, sub: 'admin' })}.${signature}`), 'signature', 'claims changed after signing')
  t.equal(await outcome(`${header}.${b64(claims)}.${signature}x`), 'signature', 'a signature of the wrong length')
  t.equal(await outcome('not.a.token'), 'malformed')
  const audience = async (aud: unknown) => {
    try {
      await verifyRs256(signRs256(key, { ...claims, aud }), keyFor, now, { audience: 'sse' })
      return 'verified'
    } catch (error) {
      return (error as JwtError).reason
    }
  }
  t.equal(await audience(['ctr', 'sse']), 'verified', 'one of several audiences')
  t.equal(await audience('ctr'), 'claims')
  t.equal(await audience(undefined), 'claims', 'no audience at all')
})
