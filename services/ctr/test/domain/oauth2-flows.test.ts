// The authorization-code flow, refresh rotation, OAuth clients and the browser session, over an in-memory store and a
// clock the test moves; tokens are "signed" as their claims so they can be read back.
import { createHash } from 'node:crypto'
import { test } from 'tap'
import { authorize, redeemCode, refreshTokens, revokeToken } from '../../src/domain/authorization.ts'
import { createOAuthClient, deleteOAuthClient, findOAuthClient, listOAuthClients } from '../../src/domain/oauth2-clients.ts'
import { answerLogin, endSession, exchangeSession, identify, redeemLoginCode, sessionStatus } from '../../src/domain/sessions.ts'
import { IROH_CLAIMS } from '@ctrmock/types'
import { memoryContext, NOW } from '../support/memory-context.ts'

const caller = { orgId: 'org-a', userId: 'user-a', clientId: 'client-a' }
const REDIRECT = 'https://app.test/cb'
const sign = async (claims: Record<string, unknown>) => JSON.stringify(claims)
const claimsOf = (token: string) => JSON.parse(token) as Record<string, unknown>

async function withClient() {
  const { ctx, memory } = memoryContext()
  let now = NOW
  ctx.clock = { now: () => now }
  const made = await createOAuthClient(ctx, caller, { name: 'App', scopes: ['profile', 'inspect'], redirects: [REDIRECT] })
  const client = await findOAuthClient(ctx, 'org-a', made.id)
  return { ctx, memory, made, client, later: (seconds: number) => { now = new Date(now.getTime() + seconds * 1000) } }
}

const codeOf = (location: string) => new URL(location).searchParams.get('code')!

test('an OAuth client keeps only its secret\'s hash, lists in its org, and its deletion revokes its tokens', async (t) => {
  const { ctx, memory, made, client } = await withClient()
  t.match(made, { id: /^client-/, grants: ['auth-code'], availability: 'org', 'org-id': 'org-a' })
  t.match(client.passwordHash, /^scrypt\$/)
  t.not(client.passwordHash, made.password)
  t.same((await listOAuthClients(ctx, 'org-a')).map((c) => c.id), [made.id])
  t.same(await listOAuthClients(ctx, 'org-b'), [])
  await t.rejects(createOAuthClient(ctx, caller, { name: 'X', scopes: ['profile'], redirects: ['javascript:alert(1)'] }), { code: 'invalid_request' })
  await t.rejects(createOAuthClient(ctx, caller, { name: 'X', scopes: ['profile'], grants: ['implicit'], redirects: [REDIRECT] }), { code: 'invalid_request' })
  const code = codeOf(await authorize(ctx, { response_type: 'code', client_id: made.id }, 'user-a'))
  const { refresh_token: refresh } = await redeemCode(ctx, client, { code }, sign)
  await deleteOAuthClient(ctx, 'org-a', made.id)
  t.ok([...memory.grants.values()].every((g) => g.usedAt), 'every code and refresh token of the client is spent')
  await t.rejects(refreshTokens(ctx, client, refresh, undefined, sign), { code: 'invalid_grant' })
})

test('a code carries the user, the scopes asked and the PKCE challenge; it expires and works once', async (t) => {
  const { ctx, client, later } = await withClient()
  const verifier = 'x'.repeat(50)
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const location = await authorize(ctx, { response_type: 'code', client_id: client.id, scope: 'inspect', state: 'st', code_challenge: challenge, code_challenge_method: 'S256' }, 'user-a')
  t.equal(new URL(location).searchParams.get('state'), 'st')
  await t.rejects(redeemCode(ctx, client, { code: codeOf(location), code_verifier: 'y'.repeat(50) }, sign), { code: 'invalid_grant', message: /code_verifier/ })
  const fresh = await authorize(ctx, { response_type: 'code', client_id: client.id, code_challenge: verifier, redirect_uri: REDIRECT }, 'user-a')
  await t.rejects(redeemCode(ctx, client, { code: codeOf(fresh), code_verifier: verifier, redirect_uri: 'https://app.test/other' }, sign), { message: /redirect_uri/ })
  const third = await authorize(ctx, { response_type: 'code', client_id: client.id, scope: 'inspect' }, 'user-a')
  const issued = await redeemCode(ctx, client, { code: codeOf(third) }, sign)
  t.match(claimsOf(issued.access_token), { sub: 'user-a', [IROH_CLAIMS.orgId]: 'org-a', [IROH_CLAIMS.scopes]: ['inspect'] })
  await t.rejects(redeemCode(ctx, client, { code: codeOf(third) }, sign), { code: 'invalid_grant', message: /already used/ })
  const late = await authorize(ctx, { response_type: 'code', client_id: client.id }, 'user-a')
  later(301)
  await t.rejects(redeemCode(ctx, client, { code: codeOf(late) }, sign), { code: 'invalid_grant', message: /expired/ })
})

test('refresh tokens rotate, narrow scopes on request, and a replay or revocation ends the family', async (t) => {
  const { ctx, client } = await withClient()
  const first = await redeemCode(ctx, client, { code: codeOf(await authorize(ctx, { response_type: 'code', client_id: client.id }, 'user-a')) }, sign)
  const second = await refreshTokens(ctx, client, first.refresh_token, 'profile', sign)
  t.equal(second.scope, 'profile')
  t.not(second.refresh_token, first.refresh_token)
  const third = await refreshTokens(ctx, client, second.refresh_token, undefined, sign)
  t.equal(third.scope, 'profile inspect', 'the authorization keeps its scopes')
  await t.rejects(refreshTokens(ctx, client, second.refresh_token, undefined, sign), { code: 'invalid_grant' })
  await t.rejects(refreshTokens(ctx, client, third.refresh_token, undefined, sign), { code: 'invalid_grant' }, 'the replay revoked the newest too')

  const other = await redeemCode(ctx, client, { code: codeOf(await authorize(ctx, { response_type: 'code', client_id: client.id }, 'user-a')) }, sign)
  await revokeToken(ctx, client, other.refresh_token!)
  await t.rejects(refreshTokens(ctx, client, other.refresh_token, undefined, sign), { code: 'invalid_grant' })
})

test('authorize refuses by redirect: another org\'s user, a scope beyond the client\'s, a bad PKCE method', async (t) => {
  const { ctx, memory, client } = await withClient()
  memory.users.set('user-z', { id: 'user-z', orgId: 'org-z', email: 'z@z.test', name: 'Z', role: 'admin', createdAt: NOW, updatedAt: NOW })
  const error = async (req: Record<string, string>, user = 'user-a') => new URL(await authorize(ctx, { response_type: 'code', client_id: client.id, ...req }, user)).searchParams.get('error')
  t.equal(await error({}, 'user-z'), 'access_denied')
  t.equal(await error({ scope: 'admin' }), 'invalid_scope')
  t.equal(await error({ code_challenge: 'c', code_challenge_method: 'S512' }), 'invalid_request')
  t.equal(await error({ response_type: 'token' }), 'unsupported_response_type')
  await t.rejects(authorize(ctx, { response_type: 'code', client_id: client.id, redirect_uri: 'https://evil.test/' }, 'user-a'), { code: 'invalid_request' })
})

test('a login makes a session and a one-time code; the session validates, exchanges and ends', async (t) => {
  const { ctx, later } = await withClient()
  await t.rejects(identify(ctx, { userId: 'user-a', orgId: 'org-b', origin: 'https://app.test/' }), { code: 'invalid_request' })
  const { code, state } = await identify(ctx, { userId: 'user-a', origin: 'https://app.test/home' })
  await t.rejects(answerLogin(ctx, code, 'forged'), { message: /state/ })
  const again = await identify(ctx, { userId: 'user-a', origin: 'https://app.test/home' })
  const { session, location } = await answerLogin(ctx, again.code, again.state)
  t.not(state, again.state)
  const loginCode = new URL(location).searchParams.get('code')!
  const short = await redeemLoginCode(ctx, loginCode, sign, 60)
  t.equal(short.expires_in, 60, 'a shorter life on request')
  t.match(claimsOf(short.access_token), { sub: 'user-a', exp: NOW.getTime() / 1000 + 60 })
  await t.rejects(redeemLoginCode(ctx, loginCode, sign), { code: 'invalid_grant' })
  t.match(await sessionStatus(ctx, session), { valid: true, 'user-id': 'user-a', 'org-id': 'org-a', 'needs-renewal': false })
  later(11.5 * 3600)
  t.match(await exchangeSession(ctx, session, sign), { token_type: 'bearer', needs_renewal: true })
  await endSession(ctx, session)
  await t.rejects(sessionStatus(ctx, session), { code: 'invalid_session', status: 401 })
  await t.rejects(sessionStatus(ctx, undefined), { code: 'invalid_session', status: 401 })
})

test('a login that started at a page of this CTR returns to that path, with the code beside its own query', async (t) => {
  const { ctx } = await withClient()
  const origin = '/iroh/oauth2/authorize?response_type=code&client_id=client-x&state=s%201'
  const login = await identify(ctx, { userId: 'user-a', origin })
  const { location } = await answerLogin(ctx, login.code, login.state)
  const back = new URL(location, 'http://ctr.test')
  t.equal(location.startsWith('/iroh/oauth2/authorize?'), true, location)
  t.equal(back.searchParams.get('state'), 's 1')
  t.ok(back.searchParams.get('code'))
})
