// An app that logs a user in: OAuth2 clients, authorize, code → token (PKCE), rotating refresh tokens, revocation,
// and the iroh-auth login pages and session operations that lead there.
import { createHash } from 'node:crypto'
import { test, type Test } from 'tap'
import type { ServiceApp } from '@ctrmock/kit'
import { basic, buildTestApp, orgWithToken } from '../helper.ts'

const REDIRECT = 'http://127.0.0.1:9999/callback'
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

async function setUp(t: Test) {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app, { name: 'Acme', scopes: ['profile', 'inspect', 'oauth'] })
  const userId = (await app.inject({ method: 'GET', url: '/iroh/profile/whoami', headers: org.auth })).json().user['user-id'] as string
  const made = await app.inject({ method: 'POST', url: '/iroh/oauth2-clients/clients', headers: org.auth, payload: { name: 'Dashboard', scopes: ['profile', 'inspect'], redirects: [REDIRECT], grants: ['auth-code'], availability: 'org' } })
  t.equal(made.statusCode, 200, made.body)
  const client = made.json() as { id: string, password: string }
  return { app, org, userId, client, auth: basic(client.id, client.password) }
}

const location = (res: { headers: Record<string, unknown> }) => new URL(String(res.headers.location), 'http://ctr.test')

async function token(app: ServiceApp, auth: string, fields: Record<string, string>) {
  return app.inject({ method: 'POST', url: '/iroh/oauth2/token', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) })
}

test('OAuth2 clients: create (secret once), list, get, delete; another org sees none', async (t) => {
  const { app, org, client } = await setUp(t)
  const other = await orgWithToken(app, { scopes: ['oauth'] })
  t.match(client, { id: /^client-/, password: /.{20,}/ })
  const listed = (await app.inject({ method: 'GET', url: '/iroh/oauth2-clients/clients', headers: org.auth })).json()
  t.match(listed, [{ id: client.id, name: 'Dashboard', scopes: ['profile', 'inspect'], redirects: [REDIRECT], grants: ['auth-code'] }])
  t.notOk('password' in listed[0], 'the secret is never shown again')
  t.equal((await app.inject({ method: 'GET', url: `/iroh/oauth2-clients/clients/${client.id}`, headers: other.auth })).statusCode, 404)
  const bad = await app.inject({ method: 'POST', url: '/iroh/oauth2-clients/clients', headers: org.auth, payload: { name: 'X', scopes: ['nope'], redirects: [REDIRECT] } })
  t.match(bad, { statusCode: 400 })
  t.equal(bad.json().error, 'invalid_request')
  t.equal((await app.inject({ method: 'POST', url: '/iroh/oauth2-clients/clients', headers: org.auth, payload: { name: 'X', scopes: ['profile'] } })).statusCode, 400, 'auth-code needs a redirect')
  t.equal((await app.inject({ method: 'DELETE', url: `/iroh/oauth2-clients/clients/${client.id}`, headers: org.auth })).json().id, client.id)
  t.equal((await app.inject({ method: 'GET', url: `/iroh/oauth2-clients/clients/${client.id}`, headers: org.auth })).statusCode, 404)
})

test('authorize → code → token with PKCE; the code works once; refresh tokens rotate and a reused one revokes the family', async (t) => {
  const { app, userId, client, auth } = await setUp(t)
  const verifier = 'v'.repeat(43) + 'erifier-of-the-app'
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const authorize = (extra: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/iroh/oauth2/authorize?${form({ response_type: 'code', client_id: client.id, redirect_uri: REDIRECT, scope: 'profile', state: 's1', code_challenge: challenge, code_challenge_method: 'S256', user_id: userId, ...extra })}` })
  const res = await authorize()
  t.equal(res.statusCode, 302)
  const back = location(res)
  t.equal(`${back.origin}${back.pathname}`, REDIRECT)
  t.equal(back.searchParams.get('state'), 's1')
  const code = back.searchParams.get('code')!

  t.match((await token(app, auth, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: 'w'.repeat(43) })).json(), { error: 'invalid_grant' }, 'a wrong verifier is refused')
  const code2 = location(await authorize()).searchParams.get('code')!
  const tokens = await token(app, auth, { grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, code_verifier: verifier })
  t.equal(tokens.statusCode, 200, tokens.body)
  t.match(tokens.json(), { token_type: 'bearer', expires_in: 600, scope: 'profile', refresh_token: /.+/ })
  const whoami = await app.inject({ method: 'GET', url: '/iroh/profile/whoami', headers: { authorization: `Bearer ${tokens.json().access_token}` } })
  t.equal(whoami.json().user['user-id'], userId, 'the token is the user\'s')

  const first = tokens.json().refresh_token as string
  const rotated = await token(app, auth, { grant_type: 'refresh_token', refresh_token: first })
  t.equal(rotated.statusCode, 200, rotated.body)
  const second = rotated.json().refresh_token as string
  t.not(second, first)
  t.equal((await token(app, auth, { grant_type: 'refresh_token', refresh_token: first })).json().error, 'invalid_grant', 'the spent one is refused')
  t.equal((await token(app, auth, { grant_type: 'refresh_token', refresh_token: second })).json().error, 'invalid_grant', 'its reuse revoked the family')
  t.equal((await token(app, basic(client.id, 'wrong'), { grant_type: 'refresh_token', refresh_token: second })).json().error, 'invalid_client')
  t.equal((await token(app, auth, { grant_type: 'authorization_code', code: code2, code_verifier: verifier })).json().error, 'invalid_grant', 'a code works once')
})

test('authorize refuses by redirect once the client and redirect are known, and never redirects elsewhere', async (t) => {
  const { app, userId, client, auth } = await setUp(t)
  const other = await orgWithToken(app)
  const outsider = (await app.inject({ method: 'GET', url: '/iroh/profile/whoami', headers: other.auth })).json().user['user-id']
  const get = (q: Record<string, string>) => app.inject({ method: 'GET', url: `/iroh/oauth2/authorize?${form(q)}` })
  t.equal((await get({ response_type: 'code', client_id: client.id, redirect_uri: 'http://evil.test/', user_id: userId })).statusCode, 400)
  t.equal((await get({ response_type: 'code', client_id: 'client-nope', user_id: userId })).statusCode, 400)
  t.equal(location(await get({ response_type: 'token', client_id: client.id, user_id: userId, state: 'x' })).searchParams.get('error'), 'unsupported_response_type')
  t.equal(location(await get({ response_type: 'code', client_id: client.id, user_id: outsider })).searchParams.get('error'), 'access_denied')
  t.equal(location(await get({ response_type: 'code', client_id: client.id, user_id: userId, scope: 'admin' })).searchParams.get('error'), 'invalid_scope')
  const anonymous = await get({ response_type: 'code', client_id: client.id })
  t.match(anonymous.headers.location, /^\/iroh\/iroh-auth\/login\?redirect_after_login=/, 'no session: the login first')

  const code = location(await get({ response_type: 'code', client_id: client.id, user_id: userId })).searchParams.get('code')!
  const tokens = (await token(app, auth, { grant_type: 'authorization_code', code })).json()
  const revoke = await app.inject({ method: 'POST', url: '/iroh/oauth2/revoke', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ token: tokens.refresh_token }) })
  t.equal(revoke.statusCode, 200)
  t.equal((await token(app, auth, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json().error, 'invalid_grant', 'revoked')
  await app.inject({ method: 'DELETE', url: `/iroh/oauth2-clients/clients/${client.id}`, headers: (await orgWithToken(app)).auth })
})

test('the login pages start a session; the session validates, exchanges, approves authorize, and logs out', async (t) => {
  const { app, userId, client } = await setUp(t)
  t.match((await app.inject({ method: 'GET', url: '/iroh/iroh-auth/logins' })).json(), [{ idp: 'ctrmock' }])
  const start = await app.inject({ method: 'GET', url: `/iroh/iroh-auth/login?redirect_after_login=${encodeURIComponent('http://app.test/home')}` })
  t.equal(start.statusCode, 302)
  const page = await app.inject({ method: 'GET', url: String(start.headers.location) })
  t.match(page, { statusCode: 200, body: /<form/ })
  t.equal((await app.inject({ method: 'GET', url: `${String(start.headers.location)}&user_id=nobody` })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/iroh/iroh-auth/login/okta?origin=/' })).statusCode, 404)
  const idp = await app.inject({ method: 'GET', url: `${String(start.headers.location)}&user_id=${userId}` })
  const answerUrl = location(idp)
  t.equal((await app.inject({ method: 'GET', url: `${answerUrl.pathname}?code=${answerUrl.searchParams.get('code')}&state=forged` })).statusCode, 400, 'a forged state is refused')
  const idp2 = await app.inject({ method: 'GET', url: `${String(start.headers.location)}&user_id=${userId}` })
  const answer = await app.inject({ method: 'GET', url: String(idp2.headers.location) })
  t.equal(answer.statusCode, 302)
  const home = location(answer)
  t.equal(`${home.origin}${home.pathname}`, 'http://app.test/home')
  const cookie = String(answer.headers['set-cookie']).split(';')[0]!
  t.match(cookie, /^iroh-session=.+/)

  const codeToken = await app.inject({ method: 'POST', url: '/iroh/iroh-auth/code', payload: { code: home.searchParams.get('code') } })
  t.match(codeToken.json(), { token_type: 'bearer', access_token: /.+/ })
  t.equal((await app.inject({ method: 'POST', url: '/iroh/iroh-auth/code', payload: { code: home.searchParams.get('code') } })).statusCode, 400, 'once')
  t.match((await app.inject({ method: 'GET', url: '/iroh/iroh-auth/session/validate', headers: { cookie } })).json(), { valid: true, 'user-id': userId, 'needs-renewal': false })
  const exchanged = (await app.inject({ method: 'POST', url: '/iroh/iroh-auth/session/exchange', headers: { cookie } })).json()
  t.equal((await app.inject({ method: 'GET', url: '/iroh/profile/whoami', headers: { authorization: `Bearer ${exchanged.access_token}` } })).json().user['user-id'], userId)
  const approved = await app.inject({ method: 'GET', url: `/iroh/oauth2/authorize?${form({ response_type: 'code', client_id: client.id })}`, headers: { cookie } })
  t.ok(location(approved).searchParams.get('code'), 'the session\'s user approves')

  t.equal((await app.inject({ method: 'POST', url: '/iroh/iroh-auth/session/logout', headers: { cookie } })).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: '/iroh/iroh-auth/session/validate', headers: { cookie } })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/iroh/iroh-auth/logout?redirect_after_login=/iroh/iroh-auth/logins', headers: { cookie } })).headers.location, '/iroh/iroh-auth/logins')
})

test('a user without a session: authorize → the login page → back to authorize → the app, as a browser follows them', async (t) => {
  const { app, userId, client, auth } = await setUp(t)
  // What Cisco's code-grant example app sends: no PKCE, the scopes as one string, its own state.
  const start = `/iroh/oauth2/authorize?${form({ response_type: 'code', client_id: client.id, redirect_uri: REDIRECT, scope: 'profile inspect', state: 'app-state' })}`
  let cookie = ''
  let res = await app.inject({ method: 'GET', url: start })
  const visited: string[] = []
  for (let hops = 0; res.statusCode === 302 && !String(res.headers.location).startsWith(REDIRECT); hops++) {
    if (hops > 5) throw new Error(`redirect loop: ${visited.join(' → ')}`)
    const next = location(res)
    visited.push(next.pathname)
    if (next.pathname === '/iroh/iroh-auth/login/ctrmock' && !next.searchParams.has('user_id')) next.searchParams.set('user_id', userId)
    const setCookie = res.headers['set-cookie']
    if (setCookie) cookie = String(setCookie).split(';')[0]!
    res = await app.inject({ method: 'GET', url: `${next.pathname}${next.search}`, headers: cookie ? { cookie } : {} })
  }
  t.same(visited, ['/iroh/iroh-auth/login', '/iroh/iroh-auth/login/ctrmock', '/iroh/iroh-auth/login/ctrmock/answer', '/iroh/oauth2/authorize'])
  t.equal(res.statusCode, 302, res.body)
  const back = location(res)
  t.equal(back.searchParams.get('state'), 'app-state')
  const tokens = await token(app, auth, { grant_type: 'authorization_code', redirect_uri: REDIRECT, code: back.searchParams.get('code')! })
  t.match(tokens.json(), { token_type: 'bearer', scope: 'profile inspect', refresh_token: /.+/ })
  const refreshed = await token(app, auth, { grant_type: 'refresh_token', refresh_token: tokens.json().refresh_token })
  const inspect = await app.inject({ method: 'POST', url: '/iroh/iroh-inspect/inspect', headers: { authorization: `Bearer ${refreshed.json().access_token}` }, payload: { content: 'cisco.com' } })
  t.same(inspect.json(), [{ type: 'domain', value: 'cisco.com' }])
})

test('/clouds.json names where each region\'s OAuth2 endpoints are, without a token', async (t) => {
  const app = await buildTestApp(t, { REGION_URLS: 'NAM=http://127.0.0.1:7100,EU=http://127.0.0.1:7101' })
  const res = await app.inject({ method: 'GET', url: '/clouds.json' })
  t.equal(res.statusCode, 200)
  const irohServices = res.json()['North America']['iroh-services'] as string
  t.equal(irohServices, 'http://127.0.0.1:7100/iroh/')
  t.equal(new URL(`${irohServices}oauth2/token`).pathname, '/iroh/oauth2/token', 'the code-grant example appends oauth2/token')
  t.same(Object.keys(res.json()), ['North America', 'Europe'])
  await t.rejects(buildTestApp(t, { REGION_URLS: 'MARS=http://127.0.0.1:1' }), /REGION_URLS/, 'a malformed list stops the start')
})
