import { test } from 'tap'
import { createPublicKey, verify } from 'node:crypto'
import { IROH_CLAIMS } from '@ctrmock/types'
import { loadConfig } from '@ctrmock/kit'
import { createTestDatabase } from '@ctrmock/kit/testing'
import { buildCtrApp } from '../../src/app.ts'
import { CtrEnv } from '../../src/config.ts'
import { accessToken, basic, buildTestApp, createOrg, T0 } from '../helper.ts'

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
}

test('OAuth2 client credentials', async (t) => {
  const app = await buildTestApp(t)

  await t.test('issues an RS256 token with IROH claims for HTTP Basic + form, as Cisco clients send it', async (t) => {
    const org = await createOrg(app, { name: 'Acme' })
    const res = await app.inject({
      method: 'POST', url: '/iroh/oauth2/token',
      headers: { authorization: basic(org.clientId, org.clientPassword), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      payload: 'grant_type=client_credentials',
    })
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.equal(body.token_type, 'bearer')
    t.equal(body.expires_in, 600)
    t.equal(body.scope, org.scopes.join(' '))
    t.match(org.clientId, /^client-[0-9a-f-]{36}$/)
    const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString('utf8'))
    t.equal(header.alg, 'RS256')
    t.type(header.kid, 'string')
    const claims = claimsOf(body.access_token)
    const iat = Math.floor(T0.getTime() / 1000)
    t.match(claims, {
      iss: 'IROH Auth', iat, exp: iat + 600, nbf: iat - 60,
      [IROH_CLAIMS.orgId]: org.orgId, [IROH_CLAIMS.orgName]: 'Acme', [IROH_CLAIMS.oauthClientId]: org.clientId,
      [IROH_CLAIMS.oauthGrant]: 'client-creds', [IROH_CLAIMS.oauthKind]: 'access-token', [IROH_CLAIMS.version]: '1',
      [IROH_CLAIMS.scopes]: org.scopes,
    })
    t.match(claims.jti, /^[0-9a-f-]{36}$/)

    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks' })).json()
    const jwk = jwks.keys.find((k: { kid: string }) => k.kid === header.kid)
    t.ok(jwk, 'the JWKS publishes the signing key')
    const [h, p, s] = body.access_token.split('.')
    t.ok(verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url')), 'the JWKS key verifies the token')
  })

  await t.test('accepts the credentials in a JSON body (client_id / client_password)', async (t) => {
    const org = await createOrg(app)
    const res = await app.inject({ method: 'POST', url: '/iroh/oauth2/token', payload: { grant_type: 'client_credentials', client_id: org.clientId, client_password: org.clientPassword } })
    t.equal(res.statusCode, 200)
    t.equal(claimsOf(res.json().access_token)[IROH_CLAIMS.orgId], org.orgId)
  })

  await t.test('narrows the token to the requested scopes and refuses scopes the client lacks', async (t) => {
    const org = await createOrg(app, { scopes: ['inspect', 'enrich:read'] })
    const narrowed = await accessToken(app, org, 'inspect:read')
    t.same(claimsOf(narrowed)[IROH_CLAIMS.scopes], ['inspect:read'])
    const res = await app.inject({
      method: 'POST', url: '/iroh/oauth2/token', headers: { authorization: basic(org.clientId, org.clientPassword) },
      payload: { grant_type: 'client_credentials', scope: 'admin' },
    })
    t.equal(res.statusCode, 400)
    t.equal(res.json().error, 'invalid_scope')
  })

  await t.test('answers 400 invalid_client for a wrong password or an unknown client', async (t) => {
    const org = await createOrg(app)
    for (const auth of [basic(org.clientId, 'wrong-password'), basic('client-00000000-0000-0000-0000-00000000dead', 'whatever-pass')]) {
      const res = await app.inject({ method: 'POST', url: '/iroh/oauth2/token', headers: { authorization: auth }, payload: { grant_type: 'client_credentials' } })
      t.equal(res.statusCode, 400)
      t.equal(res.json().error, 'invalid_client')
    }
    const none = await app.inject({ method: 'POST', url: '/iroh/oauth2/token', payload: { grant_type: 'client_credentials' } })
    t.equal(none.json().error, 'invalid_client')
    const journal = (await app.inject({ method: 'GET', url: '/__mock/journal' })).json()
    const notes = journal.entries.filter((e: { path: string }) => e.path === '/iroh/oauth2/token').map((e: { note?: string }) => e.note)
    t.ok(notes.includes(`invalid_client: wrong password for API client ${org.clientId}`), 'the journal keeps the real reason')
  })

  await t.test('rejects other grant types and garbage bodies with 400, never 500', async (t) => {
    const org = await createOrg(app)
    const headers = { authorization: basic(org.clientId, org.clientPassword) }
    const password = await app.inject({ method: 'POST', url: '/iroh/oauth2/token', headers, payload: { grant_type: 'password' } })
    t.equal(password.statusCode, 400)
    t.equal(password.json().error, 'unsupported_grant_type')
    const missing = await app.inject({ method: 'POST', url: '/iroh/oauth2/token', headers, payload: {} })
    t.equal(missing.statusCode, 400)
    const junk = await app.inject({ method: 'POST', url: '/iroh/oauth2/token', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"grant_type":' })
    t.equal(junk.statusCode, 400)
    t.type(junk.json().error, 'string')
    const array = await app.inject({ method: 'POST', url: '/iroh/oauth2/token', headers, payload: [1, 2] })
    t.equal(array.statusCode, 400)
  })

  await t.test('the default API client from CTRMOCK_CLIENT_ID / CTRMOCK_CLIENT_PASSWORD gets a token', async (t) => {
    const token = await accessToken(app, { clientId: 'client-00000000-0000-4000-8000-000000000001', clientPassword: 'ctrmock-dev-password' })
    t.equal(claimsOf(token)[IROH_CLAIMS.orgId], app.ctr.defaultOrgId)
  })

  await t.test('publishes the authorization-server metadata', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server', headers: { host: 'ctr.test:7100' } })
    t.match(res.json(), { issuer: 'IROH Auth', token_endpoint: 'http://ctr.test:7100/iroh/oauth2/token', jwks_uri: 'http://ctr.test:7100/.well-known/jwks' })
  })
})

test('the default API client of an older data dir gets the scopes granted by default now, keeping its own', async (t) => {
  const { url, prisma } = await createTestDatabase(t)
  const start = async () => {
    const app = await buildCtrApp(loadConfig(CtrEnv, { DATABASE_URL: url, LOG_LEVEL: 'silent' }), { prisma, logger: false })
    t.teardown(() => app.close())
    return app
  }
  const DEFAULT_CLIENT = { clientId: 'client-00000000-0000-4000-8000-000000000001', clientPassword: 'ctrmock-dev-password' }
  const first = await start()
  await prisma.apiClient.update({ where: { id: DEFAULT_CLIENT.clientId }, data: { scopes: ['enrich', 'inspect', 'legacy'] } })
  t.same(claimsOf(await accessToken(first, DEFAULT_CLIENT))[IROH_CLAIMS.scopes], ['enrich', 'inspect', 'legacy'], 'as stored')
  const next = await start()
  const scopes = claimsOf(await accessToken(next, DEFAULT_CLIENT))[IROH_CLAIMS.scopes] as string[]
  t.same(scopes.slice(0, 3), ['enrich', 'inspect', 'legacy'], 'its own scopes stay')
  t.ok(['webhook', 'event', 'feedback', 'sse'].every((s) => scopes.includes(s)), 'the defaults are added on the next start')
})
