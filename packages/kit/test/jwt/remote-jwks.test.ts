import { createServer } from 'node:http'
import t, { type Test } from 'tap'
import { generateSigningKey, JwtError, publicJwk, RemoteJwks, signRs256, type SigningKey } from '../../src/index.ts'

/** A JWKS endpoint whose keys the test can swap (key rotation at the issuer). */
async function jwksServer(t: Test, initial: SigningKey) {
  let keys = [initial]
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ keys: keys.map(publicJwk) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}/.well-known/jwks`, publish: (next: SigningKey[]) => { keys = next } }
}

/** Why verification failed (the JwtError reason), or 'verified'. */
async function outcome(verification: Promise<unknown>): Promise<string> {
  try {
    await verification
    return 'verified'
  } catch (error) {
    return error instanceof JwtError ? error.reason : String(error)
  }
}

const now = new Date('2026-01-01T00:00:00Z')
const seconds = (d: Date) => Math.floor(d.getTime() / 1000)
const claims = { iss: 'IROH Auth', sub: 'user', iat: seconds(now), nbf: seconds(now) - 60, exp: seconds(now) + 600 }

/** A signing key published by a JWKS server, a RemoteJwks on it, and a token it has already verified once. */
async function verifiedOnce(t: Test, maxAgeMs?: number) {
  const key = generateSigningKey()
  const server = await jwksServer(t, key)
  const jwks = new RemoteJwks(server.url, maxAgeMs)
  t.teardown(() => jwks.close())
  const token = signRs256(key, claims)
  t.equal((await jwks.verify(token, now, { issuer: 'IROH Auth' })).sub, 'user')
  return { key, server, jwks, token }
}

t.test('a token verified before still expires, and is refused before its nbf', async (t) => {
  const { jwks, token } = await verifiedOnce(t)
  t.equal((await jwks.verify(token, new Date(now.getTime() + 599_000), { issuer: 'IROH Auth' })).sub, 'user', 'valid until its exp')
  t.equal(await outcome(jwks.verify(token, new Date(now.getTime() + 600_000), { issuer: 'IROH Auth' })), 'expired', 'refused from its exp on')
  t.equal(await outcome(jwks.verify(token, new Date(now.getTime() - 61_000), { issuer: 'IROH Auth' })), 'not_yet_valid')
})

t.test('a verified token is checked again against another expected issuer', async (t) => {
  const { jwks, token } = await verifiedOnce(t)
  t.equal(await outcome(jwks.verify(token, now, { issuer: 'Someone else' })), 'claims')
})

t.test('a verified token is refused once the JWKS no longer lists its key', async (t) => {
  const { server, jwks, token } = await verifiedOnce(t, 0) // max age 0: every call rereads the JWKS
  server.publish([generateSigningKey()])
  t.equal(await outcome(jwks.verify(token, now, { issuer: 'IROH Auth' })), 'unknown_key')
})

t.test('a forged signature is refused even when a genuine token with the same claims was verified', async (t) => {
  const { key, jwks } = await verifiedOnce(t)
  const forged = signRs256({ ...generateSigningKey(), kid: key.kid }, claims)
  t.equal(await outcome(jwks.verify(forged, now, { issuer: 'IROH Auth' })), 'signature')
})
