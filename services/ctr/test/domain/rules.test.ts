// Dense rules that routes rely on, checked directly: scope coverage, the rolling-hour rate limit, CTIM's verdict
// rule, the relay URL allowlist and the tracked-message → sighting mapping.
import { test } from 'tap'
import type { Judgement } from '@ctrmock/types'
import { covers, missingScopes } from '../../src/domain/scopes.ts'
import { OrgRateLimiter } from '../../src/domain/rate-limit.ts'
import { verdicts, reputation } from '../../src/domain/verdicts.ts'
import { RelayUrlPolicy, DEFAULT_RELAY_URL_ALLOWLIST } from '../../src/domain/relay-urls.ts'
import { messageSighting } from '../../src/domain/esa-sightings.ts'
import { trackedMessage } from '../support/fake-esa-device.ts'
import { sign } from 'node:crypto'
import { generateSigningKey } from '@ctrmock/kit'
import { AccessTokens, InvalidTokenError, accessTokenClaims } from '../../src/domain/access-tokens.ts'
import { seededRandom } from '../../src/domain/random.ts'

test('a scope covers its sub-paths for its access, whole segments only', async (t) => {
  t.ok(covers('enrich', 'enrich/observables/observe:read'))
  t.ok(covers('enrich:read', 'enrich/observables/observe:read'))
  t.ok(covers('enrich/observables', 'enrich/observables/deliberate:read'))
  t.notOk(covers('enrich:write', 'enrich/observables/observe:read'))
  t.notOk(covers('enrich/observables/observe:read', 'enrich:read'))
  t.notOk(covers('enr', 'enrich:read'))
  t.notOk(covers('inspect:read', 'enrich/observables/observe:read'))
  t.same(missingScopes(['inspect:read', 'profile'], ['profile:write', 'sse/device:read']), ['sse/device:read'])
})

test('the rate limit counts a rolling hour per org', async (t) => {
  const limiter = new OrgRateLimiter(2)
  const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, 0) + minutes * 60_000)
  t.ok(limiter.hit('a', at(0)).allowed)
  t.ok(limiter.hit('a', at(30)).allowed)
  const denied = limiter.hit('a', at(31))
  t.notOk(denied.allowed)
  t.equal(denied.retryAfterSeconds, 29 * 60, 'until the first request leaves the window')
  t.ok(limiter.hit('b', at(31)).allowed, 'orgs do not share a budget')
  t.ok(limiter.hit('a', at(60)).allowed, 'an hour after the first request there is room again')
  t.notOk(limiter.hit('a', at(61)).allowed)
  t.ok(new OrgRateLimiter(0).hit('a', at(0)).allowed, '0 turns limiting off')
})

test('verdicts follow CTIM: highest priority valid now, ties Clean > Malicious > Suspicious > Common > Unknown', async (t) => {
  const now = new Date('2026-03-02T10:00:00.000Z')
  const judgement = (id: string, disposition: 1 | 2 | 3 | 4 | 5, priority: number, end = '2525-01-01T00:00:00.000Z'): Judgement => ({
    id, type: 'judgement', schema_version: '1.3.29', source: 's', observable: { type: 'ip', value: '1.2.3.4' }, disposition,
    disposition_name: (['Clean', 'Malicious', 'Suspicious', 'Common', 'Unknown'] as const)[disposition - 1], priority,
    confidence: 'High', severity: 'High', valid_time: { start_time: '2026-01-01T00:00:00.000Z', end_time: end },
  })
  const observable = { type: 'ip' as const, value: '1.2.3.4' }
  t.match(verdicts([judgement('a', 2, 90), judgement('b', 3, 95)], [observable], now), [{ judgement_id: 'b', disposition: 3 }])
  t.match(verdicts([judgement('a', 2, 95), judgement('b', 1, 95), judgement('c', 3, 95)], [observable], now), [{ judgement_id: 'b', disposition_name: 'Clean' }])
  t.match(verdicts([judgement('a', 4, 100, '2026-03-01T00:00:00.000Z'), judgement('b', 5, 10)], [observable], now), [{ judgement_id: 'b' }], 'expired judgements do not count')
  t.same(verdicts([judgement('a', 2, 90)], [{ type: 'ip', value: '5.6.7.8' }], now), [])
  t.equal(reputation([{ type: 'verdict', disposition: 2, observable, valid_time: {} }, { type: 'verdict', disposition: 4, observable, valid_time: {} }])?.disposition, 2)
})

test('relay URLs are limited to the allowlist', async (t) => {
  const policy = new RelayUrlPolicy(DEFAULT_RELAY_URL_ALLOWLIST)
  for (const host of ['localhost', 'relay.localhost', '127.0.0.1', '127.5.5.5', '::1', 'sse-americas', 'esa']) t.ok(policy.allows(host), host)
  for (const host of ['10.0.0.1', '169.254.169.254', 'example.com', 'localhost.evil.com', '::2']) t.notOk(policy.allows(host), host)
  t.ok(new RelayUrlPolicy('*.corp.test,192.168.0.0/16').allows('relay.corp.test'))
  t.throws(() => new RelayUrlPolicy('10.0.0.0/xx'))
  t.equal(policy.check('http://127.0.0.1:9090/relay/'), 'http://127.0.0.1:9090/relay')
})

test('a dropped message is a blocked sighting; a delivered one is allowed', async (t) => {
  const delivered = messageSighting(trackedMessage(), 'esa03')
  t.match(delivered, { title: 'Incoming message (Delivered)', resolution: 'allowed', source: 'esa03' })
  t.equal(messageSighting(trackedMessage(), 'other').id, delivered.id, 'the same message keeps its sighting id')
  const dropped = messageSighting(trackedMessage({ deliveryStatus: 'Dropped By Anti-Virus', direction: 'outgoing' }), 'esa03')
  t.match(dropped, { title: 'Outgoing message (Dropped By Anti-Virus)', resolution: 'blocked' })
})

test('a correctly signed token whose payload is not IROH claims is refused, never a crash', async (t) => {
  const key = generateSigningKey('kid-1')
  const tokens = new AccessTokens({ newest: async () => key, find: async (kid) => (kid === key.kid ? key : undefined), list: async () => [key] }, { orgExists: async () => true })
  const now = new Date('2026-03-02T10:00:00.000Z')
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  for (const payload of [null, [1], 'text', 42, {}]) {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${b64(payload)}`
    const token = `${input}.${sign('sha256', Buffer.from(input), key.privateKeyPem).toString('base64url')}`
    await t.rejects(tokens.verify(token, now), InvalidTokenError, JSON.stringify(payload))
  }
})

test('a token\'s jti comes from the context\'s id source: a seeded one repeats, each token gets a new one', async (t) => {
  const subject = { orgId: 'o', orgName: 'O', userId: 'u', userEmail: 'u@example.com', clientId: 'c', scopes: ['inspect'] }
  const now = new Date('2026-03-02T10:00:00.000Z')
  const jtis = (random = seededRandom('jti')) => [accessTokenClaims(subject, now, random).jti, accessTokenClaims(subject, now, random).jti]
  const [first, second] = jtis()
  t.not(first, second)
  t.same(jtis(), [first, second])
})
