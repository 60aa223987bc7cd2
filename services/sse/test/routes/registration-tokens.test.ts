import t from 'tap'
import { generateSigningKey } from '@ctrmock/kit'
import { REGISTRATION_FAILED_MESSAGE } from '@ctrmock/types'
import { buildTestApp, facts, generateTokens, newOrg, T0 } from '../helper.ts'

// One SSE (and database) for this file; each test acts in an org of its own and moves only that org's clock.
const sse = await buildTestApp(t)

t.test('Add Devices and Generate Tokens gives one 32-hex token per device, valid for the chosen hours', async (t) => {
  const org = newOrg()
  const res = await sse.app.inject({ method: 'POST', url: '/api/v1/registration-tokens', headers: sse.admin(org), payload: { count: 3, expiration: '1d' } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(body.message, 'The following tokens have been generated and will be valid for 24 hour(s)')
  t.equal(body.tokens.length, 3)
  t.ok(body.tokens.every((e: { token: string }) => /^[0-9a-f]{32}$/.test(e.token)), 'tokens are 32 lowercase hex characters')
  t.equal(new Set(body.tokens.map((e: { token: string }) => e.token)).size, 3, 'tokens are distinct')
  t.equal(body.expiresAt, '2026-03-03T10:00:00.000Z')
  t.ok(body.tokens.every((e: { expiresAt: string }) => e.expiresAt === body.expiresAt))

  const one = await sse.app.inject({ method: 'POST', url: '/api/v1/registration-tokens', headers: sse.admin(org), payload: { count: 1, expiration: '1h' } })
  t.equal(one.json().message, 'The following tokens have been generated and will be valid for 1 hour(s)')
})

t.test('token generation refuses 0 or 101 devices, unknown expirations and wrong types with a clear 400', async (t) => {
  const org = newOrg()
  const cases: Array<[unknown, RegExp]> = [
    [{ count: 0, expiration: '1h' }, /count/],
    [{ count: 101, expiration: '1h' }, /count/],
    [{ count: 'ten', expiration: '1h' }, /count/],
    [{ count: 1.5, expiration: '1h' }, /count/],
    [{ count: 1, expiration: '7h' }, /expiration/],
    [{ count: 1, expiration: 3600 }, /expiration/],
    [{ count: 1 }, /expiration/],
    [{ count: 1, expiration: '1h', extra: true }, /extra/],
  ]
  for (const [payload, message] of cases) {
    const res = await sse.app.inject({ method: 'POST', url: '/api/v1/registration-tokens', headers: sse.admin(org), payload: payload as object })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.equal(res.json().error, 'invalid_request')
    t.match(res.json().error_description, message)
  }
  const list = await sse.app.inject({ url: '/api/v1/registration-tokens', headers: sse.admin(org) })
  t.same(list.json().tokens, [], 'nothing was generated')
})

t.test('portal calls need a valid CTR access token', async (t) => {
  const org = newOrg()
  const url = '/api/v1/registration-tokens'
  const missing = await sse.app.inject({ url })
  t.equal(missing.statusCode, 401)
  t.same(missing.json(), { error: 'invalid_request', error_description: 'No JWT found in HTTP Authorization header' })

  const unauthenticatedBadBody = await sse.app.inject({ method: 'POST', url, payload: { count: 0 } })
  t.equal(unauthenticatedBadBody.statusCode, 401, 'authentication comes before input validation')

  const forged = sse.adminToken(org, { key: generateSigningKey(sse.key.kid) })
  const wrongKey = await sse.app.inject({ url, headers: { authorization: `Bearer ${forged}` } })
  t.equal(wrongKey.statusCode, 401)
  t.equal(wrongKey.json().error, 'invalid_token')

  const wrongIssuer = await sse.app.inject({ url, headers: { authorization: `Bearer ${sse.adminToken(org, { issuer: 'someone else' })}` } })
  t.equal(wrongIssuer.statusCode, 401)
  t.equal(wrongIssuer.json().error, 'invalid_token')

  const garbage = await sse.app.inject({ url, headers: { authorization: 'Bearer not.a.jwt' } })
  t.equal(garbage.statusCode, 401)
  t.equal(garbage.json().error, 'invalid_token')

  const unknownKid = sse.adminToken(org, { key: generateSigningKey('another-kid') })
  t.equal((await sse.app.inject({ url, headers: { authorization: `Bearer ${unknownKid}` } })).statusCode, 401)

  const token = sse.adminToken(org, { ttlSeconds: 600 })
  t.equal((await sse.app.inject({ url, headers: { authorization: `Bearer ${token}` } })).statusCode, 200)
  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '601s' } })
  const expired = await sse.app.inject({ url, headers: { authorization: `Bearer ${token}` } })
  t.equal(expired.statusCode, 401, 'expiry is judged by the control-plane clock')
  t.match(expired.json().error_description, /expired/)
})

t.test('tokens are listed by status: unused, used (with the device), expired, revoked', async (t) => {
  const org = newOrg()
  const [usedToken, revokedToken, unusedToken] = await generateTokens(sse, org, 3, '1h')
  const reg = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token: usedToken, device: facts() } })
  const deviceId = reg.json().deviceId
  t.equal((await sse.app.inject({ method: 'DELETE', url: `/api/v1/registration-tokens/${revokedToken}`, headers: sse.admin(org) })).statusCode, 204)

  const byStatus = async (status?: string) => {
    const res = await sse.app.inject({ url: `/api/v1/registration-tokens${status ? `?status=${status}` : ''}`, headers: sse.admin(org) })
    t.equal(res.statusCode, 200)
    return res.json().tokens as Array<{ token: string; status: string; deviceId?: string; usedAt?: string }>
  }
  t.same((await byStatus('unused')).map((e) => e.token), [unusedToken])
  const used = await byStatus('used')
  t.same(used.map((e) => [e.token, e.deviceId, e.usedAt]), [[usedToken, deviceId, T0]])
  t.same((await byStatus('revoked')).map((e) => e.token), [revokedToken])
  t.same(await byStatus('expired'), [])
  t.equal((await byStatus()).length, 3)

  await sse.app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org, advance: '1h' } })
  t.same((await byStatus('expired')).map((e) => e.token), [unusedToken], 'an unused token expires at its expiry')
  t.same(await byStatus('unused'), [])

  const bad = await sse.app.inject({ url: '/api/v1/registration-tokens?status=lost', headers: sse.admin(org) })
  t.equal(bad.statusCode, 400)
})

t.test('a revoked token no longer registers; a used token cannot be revoked; other orgs cannot revoke', async (t) => {
  const org = newOrg()
  const [a, b] = await generateTokens(sse, org, 2)
  t.equal((await sse.app.inject({ method: 'DELETE', url: `/api/v1/registration-tokens/${a}`, headers: sse.admin(newOrg()) })).statusCode, 404)
  t.equal((await sse.app.inject({ method: 'DELETE', url: `/api/v1/registration-tokens/${a}`, headers: sse.admin(org) })).statusCode, 204)
  t.equal((await sse.app.inject({ method: 'DELETE', url: `/api/v1/registration-tokens/${a}`, headers: sse.admin(org) })).statusCode, 204, 'revoking twice is harmless')
  const refused = await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token: a, device: facts() } })
  t.same([refused.statusCode, refused.json().error_description], [401, REGISTRATION_FAILED_MESSAGE])

  await sse.app.inject({ method: 'POST', url: '/device/v1/registrations', payload: { token: b, device: facts() } })
  const usedRevoke = await sse.app.inject({ method: 'DELETE', url: `/api/v1/registration-tokens/${b}`, headers: sse.admin(org) })
  t.equal(usedRevoke.statusCode, 409)
  t.equal(usedRevoke.json().error, 'registration_token_used')
  t.equal((await sse.app.inject({ method: 'DELETE', url: '/api/v1/registration-tokens/ffffffffffffffffffffffffffffffff', headers: sse.admin(org) })).statusCode, 404)

  const audit = (await sse.app.inject({ url: '/api/v1/audit-log?action=registration-tokens.revoke', headers: sse.admin(org) })).json()
  t.same(audit.entries.map((e: { outcome: string }) => e.outcome), ['failure', 'failure', 'success', 'success'], 'each revoke attempt is audited, newest first')
})

t.test('Save To File downloads tokens as text, one per line', async (t) => {
  const org = newOrg()
  const first = await sse.app.inject({ method: 'POST', url: '/api/v1/registration-tokens', headers: sse.admin(org), payload: { count: 2, expiration: '2h' } })
  const second = await generateTokens(sse, org, 1)
  const batch = first.json()

  const file = await sse.app.inject({ url: `/api/v1/registration-tokens/download?batchId=${batch.batchId}`, headers: sse.admin(org) })
  t.equal(file.statusCode, 200)
  t.match(file.headers['content-type'], /^text\/plain/)
  t.match(file.headers['content-disposition'], /^attachment; filename="registration-tokens.txt"/)
  t.same(file.body.split('\n').filter(Boolean).sort(), batch.tokens.map((e: { token: string }) => e.token).sort())

  const unused = await sse.app.inject({ url: '/api/v1/registration-tokens/download', headers: sse.admin(org) })
  t.equal(unused.body.split('\n').filter(Boolean).length, 3, 'without a batch: every unused token of the org')
  t.ok(unused.body.includes(`${second[0]}\n`))

  const other = await sse.app.inject({ url: `/api/v1/registration-tokens/download?batchId=${batch.batchId}`, headers: sse.admin(newOrg()) })
  t.equal(other.statusCode, 404, "another org cannot download this org's batch")
})
