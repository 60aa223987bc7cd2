// What client libraries read besides the body: the org's rate-limit budget and OpenID discovery.
import { test } from 'tap'
import { buildTestApp, orgWithToken } from '../helper.ts'

const INSPECT = { method: 'POST' as const, url: '/iroh/iroh-inspect/inspect', payload: { content: '1.2.3.4' } }

test('X-Ratelimit-Org-Limit and X-Ratelimit-Org-Remaining count down; a 429 carries Retry-After', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_PER_HOUR: '2' })
  const org = await orgWithToken(app)
  const seen = []
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ ...INSPECT, headers: org.auth })
    seen.push([res.statusCode, res.headers['x-ratelimit-org-limit'], res.headers['x-ratelimit-org-remaining']])
    if (res.statusCode === 429) t.equal(res.headers['retry-after'], '3600', 'the first counted minute leaves the window in an hour')
  }
  t.same(seen, [[200, '2', '1'], [200, '2', '0'], [429, '2', '0']])
})

test('/.well-known/openid-configuration names the issuer, token endpoint and JWKS of this CTR', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.inject({ method: 'GET', url: '/.well-known/openid-configuration', headers: { host: 'visibility.example:7100' } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), {
    issuer: 'IROH Auth', token_endpoint: 'http://visibility.example:7100/iroh/oauth2/token',
    jwks_uri: 'http://visibility.example:7100/.well-known/jwks', id_token_signing_alg_values_supported: ['RS256'],
  })
  const jwks = await app.inject({ method: 'GET', url: '/.well-known/jwks' })
  t.ok(jwks.json().keys.length > 0)
})
