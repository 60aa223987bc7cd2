// What a relay module's settings make of a call, without HTTP: its URL, its header, or the configuration token its
// type asks for (the claims a relay reads).
import { test } from 'tap'
import { configurationTokenClaims, relaySettings } from '../../src/domain/module-settings.ts'
import { RelayUrlPolicy } from '../../src/domain/relay-urls.ts'

const policy = new RelayUrlPolicy('relay.example')
const NOW = new Date('2026-03-02T10:00:00.000Z')

test('a configuration token carries the custom settings without their prefix, for the module\'s URL', async (t) => {
  const rs = relaySettings({ url: 'https://relay.example/v1/', custom_key: 'k', custom_CTR_ENTITIES_LIMIT: 5, custom_: 'no name', 'authorization-header': 'Bearer fixed' },
    policy, { 'auth-type': 'configuration-token', custom_jwks_host: 'visibility.amp.cisco.com' })
  t.same(rs.configurationToken, { alg: 'RS256', audience: 'https://relay.example/v1', jwksHost: 'visibility.amp.cisco.com', settings: { key: 'k', CTR_ENTITIES_LIMIT: 5 } })
  t.equal(rs.authorization, undefined, 'the token takes the place of a fixed header')
  t.same(configurationTokenClaims(rs.configurationToken!, 'ctr.test:7100', NOW), {
    key: 'k', CTR_ENTITIES_LIMIT: 5, aud: 'https://relay.example/v1', jwks_host: 'visibility.amp.cisco.com', iss: 'IROH Auth', iat: 1772445600, exp: 1772445900,
  })
  const own = relaySettings({ url: 'https://relay.example' }, policy, { 'auth-type': 'configuration-token', 'configuration-token-alg': 'HS256', 'configuration-token-key': 's', 'configuration-token-audience': 'relay' })
  t.match(configurationTokenClaims(own.configurationToken!, 'ctr.test:7100', NOW), { aud: 'relay', jwks_host: 'ctr.test:7100' }, 'the audience the type names; this CTR\'s keys unless it names a host')
  t.equal(own.configurationToken!.key, 's')
  t.throws(() => relaySettings({ url: 'https://relay.example' }, policy, { 'auth-type': 'configuration-token', 'configuration-token-alg': 'ES256' }), { message: /RS256 or HS256/ })
  t.equal(relaySettings({ url: 'https://relay.example', 'authorization-header': 'Bearer x' }, policy).authorization, 'Bearer x', 'without it, the header as configured')
})
