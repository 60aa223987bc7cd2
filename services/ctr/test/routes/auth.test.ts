import { test } from 'tap'
import { accessToken, buildTestApp, createOrg, orgWithToken } from '../helper.ts'

const INSPECT = { method: 'POST', url: '/iroh/iroh-inspect/inspect', payload: { content: '1.2.3.4' } } as const

test('bearer tokens on /iroh routes', async (t) => {
  const app = await buildTestApp(t)

  await t.test('a call without a token answers 401 "No JWT found in HTTP Authorization header"', async (t) => {
    const res = await app.inject(INSPECT)
    t.equal(res.statusCode, 401)
    t.same(res.json(), { error: 'invalid_request', error_description: 'No JWT found in HTTP Authorization header' })
  })

  await t.test('a token expires 600 s after issue by the control-plane clock', async (t) => {
    const org = await orgWithToken(app)
    t.equal((await app.inject({ ...INSPECT, headers: org.auth })).statusCode, 200)
    await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '599s' } })
    t.equal((await app.inject({ ...INSPECT, headers: org.auth })).statusCode, 200)
    await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '1s' } })
    const expired = await app.inject({ ...INSPECT, headers: org.auth })
    t.equal(expired.statusCode, 401)
    t.equal(expired.json().error, 'invalid_token')
    t.match(expired.headers['www-authenticate'], /invalid_token/)
    await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '-600s' } })
  })

  await t.test('moving one org\'s clock expires that org\'s tokens only (parallel suites move their own time)', async (t) => {
    const a = await orgWithToken(app)
    const b = await orgWithToken(app)
    const moved = await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { org: a.orgId, advance: '11m' } })
    t.equal(moved.statusCode, 200)
    t.equal((await app.inject({ ...INSPECT, headers: a.auth })).statusCode, 401)
    t.equal((await app.inject({ ...INSPECT, headers: b.auth })).statusCode, 200)
    const fresh = await accessToken(app, a)
    t.equal((await app.inject({ ...INSPECT, headers: { authorization: `Bearer ${fresh}` } })).statusCode, 200, 'a token issued in the org\'s time works')
  })

  await t.test('tampered, foreign and alg:none tokens answer 401', async (t) => {
    const org = await orgWithToken(app)
    const token = org.auth.authorization.slice(7)
    const [h, p, s] = token.split('.')
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
    payload['https://schemas.cisco.com/iroh/identity/claims/org/id'] = 'someone-else'
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`
    // The genuine token is verified (and remembered) first: a tampered copy keeping its signature must not ride on it.
    t.equal((await app.inject({ ...INSPECT, headers: org.auth })).statusCode, 200)
    for (const bad of [tampered, none, 'not-a-jwt', `${h}.${p}.AAAA`, `${h}.e30.${s}`]) {
      const res = await app.inject({ ...INSPECT, headers: { authorization: `Bearer ${bad}` } })
      t.equal(res.statusCode, 401, bad.slice(0, 20))
      t.type(res.json().error, 'string')
    }
    t.equal((await app.inject({ ...INSPECT, headers: org.auth })).statusCode, 200, 'the genuine token still works')
  })

  await t.test('a token whose scopes do not cover the route answers 403 missing_scope naming the scope', async (t) => {
    const org = await createOrg(app, { scopes: ['inspect:read'] })
    const token = await accessToken(app, org)
    const inspect = await app.inject({ ...INSPECT, headers: { authorization: `Bearer ${token}` } })
    t.equal(inspect.statusCode, 200)
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers: { authorization: `Bearer ${token}` }, payload: [{ type: 'ip', value: '1.2.3.4' }] })
    t.equal(res.statusCode, 403)
    t.match(res.json(), {
      error: 'missing_scope', 'missing-scopes': ['enrich/observables/observe:read'], 'required-scopes': ['enrich/observables/observe:read'],
      scopes: ['inspect:read'], 'org-id': org.orgId,
    })
  })

  await t.test('a parent scope grants its sub-scopes: "enrich" covers observe, "enrich:read" too', async (t) => {
    for (const scope of ['enrich', 'enrich:read', 'enrich/observables:read']) {
      const org = await createOrg(app, { scopes: [scope] })
      const res = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers: { authorization: `Bearer ${await accessToken(app, org)}` }, payload: [] })
      t.equal(res.statusCode, 200, scope)
    }
    const writeOnly = await createOrg(app, { scopes: ['enrich:write'] })
    const res = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/observe/observables', headers: { authorization: `Bearer ${await accessToken(app, writeOnly)}` }, payload: [] })
    t.equal(res.statusCode, 403)
  })

  await t.test('tokens of a reset org stop working', async (t) => {
    const org = await orgWithToken(app)
    t.equal((await app.inject({ ...INSPECT, headers: org.auth })).statusCode, 200)
    await app.inject({ method: 'POST', url: '/__mock/reset', payload: { org: org.orgId } })
    const gone = await app.inject({ ...INSPECT, headers: org.auth })
    t.equal(gone.statusCode, 401)
    t.same(gone.json(), { error: 'invalid_token', error_description: 'The org of this JWT does not exist' })
    t.match(gone.headers['www-authenticate'], /invalid_token.*The org of this JWT does not exist/)
  })
})

test('the per-org rate limit answers 429 with X-Ratelimit-Org-Limit, per rolling hour', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_PER_HOUR: '3' })
  const a = await orgWithToken(app)
  const b = await orgWithToken(app)
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ ...INSPECT, headers: a.auth })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['x-ratelimit-org-limit'], '3')
  }
  const limited = await app.inject({ ...INSPECT, headers: a.auth })
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['x-ratelimit-org-limit'], '3')
  t.ok(Number(limited.headers['retry-after']) > 0)
  t.equal(limited.json().error, 'too_many_requests')
  t.equal((await app.inject({ ...INSPECT, headers: b.auth })).statusCode, 200, 'another org has its own budget')
  await app.inject({ method: 'PUT', url: '/__mock/clock', payload: { advance: '61m' } })
  const fresh = await accessToken(app, a)
  t.equal((await app.inject({ ...INSPECT, headers: { authorization: `Bearer ${fresh}` } })).statusCode, 200, 'the hour rolls on')
})
