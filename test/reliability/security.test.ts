// Security basics: token algorithms pinned, token lifetimes judged by the control-plane clock, relay-module URLs
// held to the allowlist (CTR is no open proxy), and memory that stays flat however many requests arrive.
import t from 'tap'
import { createServer, type IncomingMessage } from 'node:http'
import { createSign, constants } from 'node:crypto'
import v8 from 'node:v8'
import vm from 'node:vm'
import { startWorld, integratedOrg } from './helpers/world.ts'
import { send, pool } from './helpers/raw-http.ts'
import { claimsOf, hs256, rs256, strangerPrivateKey, unsigned } from './helpers/jwt-forge.ts'
import { SCALE } from './helpers/random.ts'

const json = { 'content-type': 'application/json' }
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

t.test('security basics', async (t) => {
  const world = await startWorld(t)
  const org = await integratedOrg(world, 'security mail')
  const { ctr } = world.stack.urls
  const sse = world.stack.urls['sse-americas']
  const esa = world.stack.urls.esa
  const { privateKeyPem, publicKeyPem, kid } = world.signingKey
  const claims = claimsOf(org.accessToken)
  const status = async (base: string, path: string, headers: Record<string, string>, method = 'GET', body?: string) =>
    (await send(base, { method, path, headers: body ? { ...headers, ...json } : headers, body })).status
  const deviceToken = (extra: Record<string, unknown> = {}, secret = org.deviceSecret) => {
    const iat = Math.floor(Date.now() / 1000)
    return hs256(secret, { iss: org.deviceId, sub: org.deviceId, aud: 'sse', iat, exp: iat + 300, ...extra })
  }

  t.test('IROH access tokens are accepted only as RS256 by a trusted key', async (t) => {
    const [h, p] = org.accessToken.split('.')
    const signWith = (alg: string, digest: string, pss = false) => {
      const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT', kid })).toString('base64url')
      const signer = createSign(digest).update(`${header}.${p}`)
      const signature = pss ? signer.sign({ key: privateKeyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }) : signer.sign(privateKeyPem)
      return `${header}.${p}.${signature.toString('base64url')}`
    }
    const forged: Record<string, string> = {
      'alg none': unsigned(claims, { kid }),
      'HS256 keyed with the public key': hs256(publicKeyPem, claims, { kid }),
      'RS512 by the real key': signWith('RS512', 'RSA-SHA512'),
      'PS256 by the real key': signWith('PS256', 'RSA-SHA256', true),
      'RS256 header on an HS256 signature': `${h}.${p}.${hs256(publicKeyPem, claims).split('.')[2]}`,
    }
    for (const [base, path, name] of [[ctr, '/iroh/profile/whoami', 'CTR'], [sse, '/api/v1/devices', 'SSE']] as const) {
      t.equal(await status(base, path, bearer(org.accessToken)), 200, `${name} accepts the real token`)
      for (const [label, token] of Object.entries(forged)) t.equal(await status(base, path, bearer(token)), 401, `${name} refuses ${label}`)
      t.equal(await status(base, path, bearer(rs256(privateKeyPem, { alg: 'RS256', kid }, claims))), 200, `${name} accepts the same claims re-signed RS256 by the key`)
    }
  })

  t.test('device credentials are HS256 with the device secret, for the SSE audience only', async (t) => {
    const heartbeat = (token: string) => status(sse, '/device/v1/heartbeat', bearer(token), 'POST')
    t.equal(await heartbeat(deviceToken()), 200, 'the device itself')
    t.equal(await heartbeat(unsigned({ iss: org.deviceId, sub: org.deviceId, aud: 'sse', exp: Math.floor(Date.now() / 1000) + 60 })), 401, 'alg none')
    t.equal(await heartbeat(hs256(org.deviceSecret, { iss: org.deviceId, sub: org.deviceId, aud: 'sse', exp: Math.floor(Date.now() / 1000) + 60 }, { alg: 'HS512' })), 401, 'HS512 header')
    t.equal(await heartbeat(deviceToken({ aud: 'device' })), 401, "SSE's own audience for the device")
    t.equal(await heartbeat(deviceToken({ aud: undefined })), 401, 'no audience')
  })

  t.test('token lifetimes follow the control-plane clock, not the wall clock', async (t) => {
    const at = async (plane: keyof typeof world.cloud.controlPlanes, advance: string, check: () => Promise<number>) => {
      await world.cloud.plane(plane).setClock({ advance })
      try {
        return await check()
      } finally {
        await world.cloud.plane(plane).setClock({ reset: true })
      }
    }
    const whoami = () => status(ctr, '/iroh/profile/whoami', bearer(org.accessToken))
    const devices = () => status(sse, '/api/v1/devices', bearer(org.accessToken))
    t.equal(await at('ctr', '11m', whoami), 401, 'CTR: the access token (600 s) has expired 11 minutes later')
    t.equal(await at('ctr', '-2m', whoami), 401, 'CTR: not valid before its nbf (iat - 60 s)')
    t.equal(await whoami(), 200, 'CTR: valid again on the real clock')
    t.equal(await at('sse-americas', '11m', devices), 401, 'SSE: expired 11 minutes later')
    t.equal(await at('sse-americas', '-2m', devices), 401, 'SSE: not valid before its nbf')
    t.equal(await devices(), 200, 'SSE: valid again')
    const token = deviceToken()
    t.equal(await at('sse-americas', '6m', () => status(sse, '/device/v1/heartbeat', bearer(token), 'POST')), 401, 'SSE: a device token (300 s) expired 6 minutes later')
    const login = await send(esa, {
      method: 'POST', path: '/esa/api/v2.0/login', headers: json,
      body: JSON.stringify({ data: { userName: Buffer.from(org.tenant.appliance.username).toString('base64'), passphrase: Buffer.from(org.tenant.appliance.password).toString('base64') } }),
    })
    const jwtToken = (login.json as { data: { jwtToken: string } }).data.jwtToken
    const settings = () => status(esa, '/esa/api/v2.0/config/cloud_service_settings', { jwttoken: jwtToken })
    t.equal(await settings(), 200, 'ESA: the AsyncOS jwtToken works')
    t.equal(await at('esa', '31m', settings), 401, 'ESA: the jwtToken (1800 s) expired 31 minutes later')
    const iat = Math.floor(Date.now() / 1000)
    const sseCall = hs256(org.deviceSecret, { iss: 'sse', sub: org.deviceId, aud: 'device', iat, exp: iat + 60 })
    const search = () => status(esa, `/sse/v1/appliances/${org.tenant.appliance.applianceId}/messages/search`, bearer(sseCall), 'POST',
      JSON.stringify({ observables: [{ type: 'email_subject', value: 'security mail' }], startTime: new Date(Date.now() - 86_400_000).toISOString(), endTime: new Date(Date.now() + 86_400_000).toISOString(), limit: 10 }))
    t.equal(await search(), 200, "ESA: SSE's call reaches the device endpoint")
    t.equal(await at('esa', '3m', search), 401, "ESA: SSE's call token (60 s) expired 3 minutes later")
  })

  t.test('relay module URLs stay within RELAY_URL_ALLOWLIST', async (t) => {
    const auth = { ...bearer(org.accessToken), ...json }
    const relayType = (await org.tenant.ctr.moduleTypeByTitle('Relay Module')).id
    const instance = (url: string) => send(ctr, { method: 'POST', path: '/iroh/iroh-int/module-instance', headers: auth, body: JSON.stringify({ name: 'relay', module_type_id: relayType, visibility: 'org', settings: { url } }) })
    const moduleType = (url: string) => send(ctr, { method: 'POST', path: '/iroh/iroh-int/module-type', headers: auth, body: JSON.stringify({ title: 'outside', default_name: 'outside', properties: { url, 'supported-apis': ['health'] } }) })
    const refused = [
      'http://example.com/', 'https://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://[::ffff:169.254.169.254]/',
      'http://localhost.example.com/', 'http://127.0.0.1.nip.io/', 'http://user:pass@127.0.0.1/', 'ftp://127.0.0.1/', 'file:///etc/passwd', 'gopher://127.0.0.1:25/',
      'http://[fe80::1]/', 'http://0.0.0.0/', 'not a url',
    ]
    for (const url of refused) {
      const res = await instance(url)
      t.equal(res.status, 400, `a relay module instance at ${url} is refused`)
      t.equal((await moduleType(url)).status, 400, `a relay module type at ${url} is refused`)
    }
    const allowed = await instance('http://127.0.0.1:9/relay')
    t.equal(allowed.status, 200, 'a loopback relay is accepted')
    const id = (allowed.json as { id: string }).id
    const patched = await send(ctr, { method: 'PATCH', path: `/iroh/iroh-int/module-instance/${id}`, headers: auth, body: JSON.stringify({ settings: { url: 'http://example.com/' } }) })
    t.equal(patched.status, 400, 'and cannot be moved outside the allowlist later')
    await send(ctr, { method: 'DELETE', path: `/iroh/iroh-int/module-instance/${id}`, headers: bearer(org.accessToken) })
  })

  t.test('CTR does not follow a relay redirect (it would leave the allowlist)', async (t) => {
    const hits: string[] = []
    const listen = (handler: (req: IncomingMessage, res: import('node:http').ServerResponse) => void) => new Promise<{ url: string; close: () => void }>((resolve) => {
      const server = createServer(handler)
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as import('node:net').AddressInfo
        resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() })
      })
    })
    const elsewhere = await listen((req, res) => { hits.push(req.url ?? ''); res.end('{}') })
    const relay = await listen((_req, res) => { res.writeHead(302, { location: `${elsewhere.url}/stolen` }); res.end() })
    t.teardown(() => { elsewhere.close(); relay.close() })
    const auth = { ...bearer(org.accessToken), ...json }
    const relayType = (await org.tenant.ctr.moduleTypeByTitle('Relay Module')).id
    const made = await send(ctr, { method: 'POST', path: '/iroh/iroh-int/module-instance', headers: auth, body: JSON.stringify({ name: 'redirecting relay', module_type_id: relayType, visibility: 'org', settings: { url: relay.url } }) })
    t.equal(made.status, 200, 'a loopback relay that redirects is accepted')
    const observed = await send(ctr, { method: 'POST', path: '/iroh/iroh-enrich/observe/observables', headers: auth, body: JSON.stringify([{ type: 'ip', value: '4.2.2.2' }]) })
    t.equal(observed.status, 200, 'the enrichment answers')
    t.same(hits, [], 'the redirect target was never called')
    await send(ctr, { method: 'DELETE', path: `/iroh/iroh-int/module-instance/${(made.json as { id: string }).id}`, headers: bearer(org.accessToken) })
  })

  t.test('the journal and request bodies stay bounded however many requests arrive', async (t) => {
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed }
    const requests = 1_500 * SCALE
    const unique = (i: number, size: number) => `${i}-${'u'.repeat(size)}`
    // Each request is large and unique where a careless service would keep it: the path (journal), the credentials
    // (lookup caches), a forged token (verification caches), the body (buffered, then refused).
    const flood = (round: number) => pool(Array.from({ length: requests }, (_, i) => i + round * requests), 16, async (i) => {
      const which = i % 4
      if (which === 0) return send(ctr, { method: 'GET', path: `/iroh/iroh-int/module-instance/${unique(i, 80)}?query=${unique(i, 4000)}`, headers: bearer(org.accessToken) })
      if (which === 1) return send(esa, { method: 'GET', path: '/esa/api/v2.0/config/cloud_service_settings', headers: { authorization: `Basic ${Buffer.from(`${unique(i, 3000)}:${unique(i, 3000)}`).toString('base64')}` } })
      if (which === 2) return send(sse, { method: 'GET', path: '/api/v1/devices', headers: bearer(rs256(strangerPrivateKey(), { alg: 'RS256', kid }, { ...claims, jti: unique(i, 4000) })) })
      return send(sse, { method: 'POST', path: '/api/v1/registration-tokens', headers: { ...bearer(org.accessToken), ...json }, body: JSON.stringify({ count: 1, expiration: '1h', padding: unique(i, 200_000) }) })
    })
    await flood(0)
    const warm = heap()
    await flood(1)
    await flood(2)
    const grown = heap() - warm
    t.comment(`heap growth over ${requests * 2} large unique requests after warm-up: ${(grown / 1048576).toFixed(1)} MB`)
    t.ok(grown < 8 * 1048576, 'the heap does not grow with the number of requests')
    for (const name of ['ctr', 'sse-americas', 'esa'] as const) {
      const journal = await world.cloud.controlPlanes[name].http.json<{ size: number; count: number; entries: unknown[] }>('GET', '/__mock/journal')
      t.ok(journal.count === journal.size && journal.entries.length === journal.size, `${name}: the journal holds its last ${journal.size} entries, no more (${journal.count}, ${journal.entries.length})`)
      t.ok(JSON.stringify(journal.entries).length < journal.size * 6_000, `${name}: entries keep the path, never a body`)
    }
  })
})
