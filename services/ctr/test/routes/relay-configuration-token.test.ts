// Relay modules whose type asks for a configuration token (`auth-type: configuration-token`), as Cisco's current relays
// expect: each call carries a JWT of the instance's `custom_*` settings (without the prefix), for the module's URL as
// audience, signed RS256 with CTR's key (found through `jwks_host`) or HS256 with the type's secret.
import { test } from 'tap'
import { RemoteJwks, verifyHs256 } from '@ctrmock/kit'
import { T0, orgWithToken } from '../helper.ts'
import { buildNeighbourhood } from '../support/neighbours.ts'
import { startRelayModule } from '../support/relay-module.ts'

const OBSERVABLES = [{ type: 'domain', value: 'cisco.com' }]

test('each call carries a configuration token the relay can check: its settings, its audience, CTR\'s key', async (t) => {
  const n = await buildNeighbourhood(t)
  const relay = await startRelayModule('Bearer no-fixed-header')
  t.teardown(() => relay.close())
  const org = await orgWithToken(n.app)
  // As a caller reaching CTR at its listening address, which jwks_host then names.
  const inject = async (url: string, payload: unknown) => n.app.inject({ method: 'POST', url, headers: { ...org.auth, host: new URL(n.ctrUrl).host }, payload: payload as object })
  const moduleType = async (properties: Record<string, unknown>) => (await inject('/iroh/iroh-int/module-type', {
    title: `Relay ${Object.keys(properties).join(' ')}`, default_name: 'Relay',
    configuration_spec: [{ key: 'custom_key', type: 'api_key', label: 'API key', required: true }, { key: 'custom_CTR_ENTITIES_LIMIT', type: 'integer', label: 'Limit' }],
    properties: { url: relay.url, 'supported-apis': ['health', 'observe/observables'], 'auth-type': 'configuration-token', ...properties },
  })).json() as { id: string }

  const rs256 = await moduleType({ 'configuration-token-alg': 'RS256' })
  const made = await inject('/iroh/iroh-int/module-instance', { name: 'RS256 relay', module_type_id: rs256.id, visibility: 'org', settings: { url: `${relay.url}/`, custom_key: 'vt-key', custom_CTR_ENTITIES_LIMIT: 5, custom_ALLOW_TEST_ACCOUNTS: false } })
  t.equal(made.statusCode, 200, made.body)
  await inject('/iroh/iroh-enrich/observe/observables', OBSERVABLES)
  const token = String(relay.calls.at(-1)!.authorization).replace(/^Bearer /, '')
  const unverified = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
  t.equal(unverified.jwks_host, new URL(n.ctrUrl).host, 'jwks_host: this CTR, whose /.well-known/jwks has the key')
  const jwks = new RemoteJwks(`http://${unverified.jwks_host}/.well-known/jwks`)
  t.teardown(() => jwks.close())
  // The test's CTR runs on a frozen clock at T0; a relay checks the times against its own.
  const claims = await jwks.verify(token, T0)
  t.match(claims, { key: 'vt-key', CTR_ENTITIES_LIMIT: 5, aud: relay.url }, 'the custom settings without their prefix, for the relay\'s root')
  t.notOk('custom_key' in claims || 'url' in claims, 'nothing but the custom settings')
  t.strictSame([claims.CTR_ENTITIES_LIMIT, claims.ALLOW_TEST_ACCOUNTS], [5, false], 'numbers and booleans as JSON has them, which relays test as such')
  t.ok(Number(claims.exp) - Number(claims.iat) <= 300, 'short-lived')

  const hs256 = await moduleType({ 'configuration-token-alg': 'HS256', 'configuration-token-key': 'relay-secret', 'configuration-token-audience': 'https://relay.example' })
  await inject('/iroh/iroh-int/module-instance', { name: 'HS256 relay', module_type_id: hs256.id, visibility: 'org', settings: { url: relay.url, custom_key: 'other-key' } })
  relay.calls.length = 0
  await inject('/iroh/iroh-enrich/observe/observables', OBSERVABLES)
  const hsToken = relay.calls.map((c) => String(c.authorization).replace(/^Bearer /, '')).find((tok) => JSON.parse(Buffer.from(tok.split('.')[0]!, 'base64url').toString()).alg === 'HS256')!
  t.match(verifyHs256(hsToken, 'relay-secret', T0), { key: 'other-key', aud: 'https://relay.example' }, 'HS256 with the type\'s secret, for the audience it names')

  const broken = await moduleType({ 'configuration-token-alg': 'HS256' })
  const refused = await inject('/iroh/iroh-int/module-instance', { name: 'No secret', module_type_id: broken.id, visibility: 'org', settings: { url: relay.url, custom_key: 'k' } })
  t.match([refused.statusCode, refused.json()], [400, { error: 'invalid_request', error_description: /configuration-token-key/ }], 'an instance of a type without its HS256 secret is refused')
})
