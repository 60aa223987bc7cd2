// Valid and invalid credentials for every kind of authentication the services use, for one org of a World.
import type { AuthProfile } from './fuzz-cases.ts'
import type { Operation } from './openapi.ts'
import type { OrgWorld, World } from './world.ts'
import { MALFORMED_BEARERS, claimsOf, hs256, rs256, strangerPrivateKey, tampered, unsigned } from './jwt-forge.ts'
import { createSign } from 'node:crypto'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const now = () => Math.floor(Date.now() / 1000)
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function malformed(scheme = 'Bearer'): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = { 'no credentials': {} }
  for (const [label, value] of Object.entries(MALFORMED_BEARERS)) out[label] = { authorization: `${scheme} ${value}`.trim() }
  return out
}

/** IROH access tokens (CTR /iroh/*, SSE portal /api/v1/*, intel /ctia/*): RS256 by CTR's key, issuer "IROH Auth",
 *  times by the clock. */
export function irohProfile(world: World, org: OrgWorld, service: 'ctr' | 'sse' | 'intel'): AuthProfile {
  const { privateKeyPem, publicKeyPem, kid } = world.signingKey
  const claims = claimsOf(org.accessToken)
  // The claim names as CTR issues them (IROH_CLAIMS in @ctrmock/types), read off a real token.
  const claimName = (suffix: string) => Object.keys(claims).find((k) => k.endsWith(suffix)) ?? suffix
  const ORG = claimName('/claims/org/id')
  const SCOPES = claimName('/identity/claims/scopes')
  const at = now()
  const real = (c: unknown, header: Record<string, unknown> = {}) => rs256(privateKeyPem, { alg: 'RS256', kid, ...header }, c)
  const [h, p, s] = org.accessToken.split('.')
  const rs512 = (() => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS512', typ: 'JWT', kid })).toString('base64url')
    const input = `${header}.${p}`
    return `${input}.${createSign('RSA-SHA512').update(input).sign(privateKeyPem).toString('base64url')}`
  })()
  const invalid: Record<string, Record<string, string>> = {
    ...malformed(),
    'alg none': bearer(unsigned(claims, { kid })),
    'alg none with the original signature': bearer(`${Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url')}.${p}.${s}`),
    'HS256 keyed with the public key': bearer(hs256(publicKeyPem, claims, { kid })),
    'RS512 by the real key': bearer(rs512),
    'untrusted key, same kid': bearer(rs256(strangerPrivateKey(), { alg: 'RS256', kid }, claims)),
    'unknown kid': bearer(rs256(strangerPrivateKey(), { alg: 'RS256', kid: 'fuzz-unknown-kid' }, claims)),
    'no kid': bearer(real(claims, { kid: undefined })),
    expired: bearer(real({ ...claims, iat: at - 4000, nbf: at - 4060, exp: at - 3400 })),
    'not yet valid': bearer(real({ ...claims, iat: at + 3600, nbf: at + 3600, exp: at + 4200 })),
    'wrong issuer': bearer(real({ ...claims, iss: 'Evil Auth' })),
    'no org claim': bearer(real({ ...claims, [ORG]: undefined })),
    'claims of the wrong types': bearer(real({ ...claims, exp: 'never', [ORG]: 42, [SCOPES]: 'all' })),
    'payload is null': bearer(real(null)),
    'payload is an array': bearer(real([claims])),
    'tampered org claim': bearer(tampered(org.accessToken, (c) => ({ ...c, [ORG]: 'another-org' }))),
    'tampered expiry': bearer(tampered(org.accessToken, (c) => ({ ...c, exp: at + 10 * 365 * 86400 }))),
    'signature stripped': bearer(`${h}.${p}.`),
    'Basic instead of Bearer': { authorization: basic(org.tenant.namOrg.clientId, org.tenant.namOrg.clientPassword) },
    'scheme only': { authorization: 'Bearer' },
    'token twice': { authorization: `Bearer ${org.accessToken} ${org.accessToken}` },
  }
  if (service === 'ctr') {
    // SSE and intel trust any org CTR signs for; CTR itself knows its orgs and scopes.
    invalid['org that does not exist'] = bearer(real({ ...claims, [ORG]: 'org-that-does-not-exist' }))
  }
  return { kind: `iroh-${service}`, valid: bearer(org.accessToken), invalid }
}

function hsProfile(kind: string, secret: string, good: Record<string, unknown>, wrong: Record<string, Record<string, unknown>>, extra: Record<string, Record<string, string>>): AuthProfile {
  const at = now()
  const claims = { iat: at, exp: at + 60, ...good }
  const invalid: Record<string, Record<string, string>> = {
    ...malformed(),
    'alg none': bearer(unsigned(claims)),
    'wrong secret': bearer(hs256('not-the-device-secret', claims)),
    expired: bearer(hs256(secret, { ...claims, iat: at - 4000, exp: at - 3600 })),
    'no expiry': bearer(hs256(secret, { ...claims, exp: undefined })),
    'HS256 header, RS256-looking signature': bearer(`${hs256(secret, claims).split('.').slice(0, 2).join('.')}.${'A'.repeat(342)}`),
    'Basic instead of Bearer': { authorization: basic('device', secret) },
    ...extra,
  }
  for (const [label, change] of Object.entries(wrong)) invalid[label] = bearer(hs256(secret, { ...claims, ...change }))
  return { kind, valid: bearer(hs256(secret, claims)), invalid }
}

/** SSE device credentials: HS256 with the device secret, {iss: deviceId, sub: deviceId, aud: "sse"}. */
export function deviceProfile(org: OrgWorld): AuthProfile {
  return hsProfile('sse-device', org.deviceSecret, { iss: org.deviceId, sub: org.deviceId, aud: 'sse' }, {
    'wrong audience': { aud: 'device' }, 'no audience': { aud: undefined }, 'issuer of another device': { iss: 'device-fuzz' },
    'unknown device': { sub: 'device-fuzz', iss: 'device-fuzz' }, 'sub is an object': { sub: { id: org.deviceId } },
  }, { 'IROH access token': bearer(org.accessToken) })
}

/** SSE → appliance calls: HS256 with the device secret, {iss: "sse", sub: deviceId, aud: "device"}. */
export function sseCallProfile(org: OrgWorld): AuthProfile {
  return hsProfile('esa-device-endpoint', org.deviceSecret, { iss: 'sse', sub: org.deviceId, aud: 'device' }, {
    'wrong audience': { aud: 'sse' }, 'no audience': { aud: undefined }, 'issued by the device itself': { iss: org.deviceId },
    'another device': { sub: 'device-fuzz' },
  }, { 'IROH access token': bearer(org.accessToken) })
}

/** AsyncOS API: HTTP Basic with the appliance's admin credentials, or the jwtToken header. */
export function asyncosProfile(org: OrgWorld, apiTokenSecret: string): AuthProfile {
  const { username, password, applianceId } = org.tenant.appliance
  const at = now()
  const apiClaims = { iss: 'AsyncOS', sub: username, appliance: applianceId, org: org.tenant.appliance.orgId, role: 'Administrator', iat: at, exp: at + 600 }
  return {
    kind: 'asyncos',
    valid: { authorization: basic(username, password) },
    invalid: {
      'no credentials': {},
      'empty Basic': { authorization: 'Basic ' },
      'not base64': { authorization: 'Basic !!!not*base64!!!' },
      'no colon': { authorization: `Basic ${Buffer.from(username).toString('base64')}` },
      'wrong password': { authorization: basic(username, `${password}x`) },
      'unknown user': { authorization: basic('fuzz-user', password) },
      'empty user and password': { authorization: basic('', '') },
      'unicode credentials': { authorization: basic('ñandú😀', 'пароль') },
      'NUL in credentials': { authorization: basic(`${username}\u0000`, password) },
      'huge credentials': { authorization: basic('u'.repeat(6000), 'p'.repeat(6000)) },
      'invalid UTF-8': { authorization: `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xc0]).toString('base64')}` },
      'Bearer instead of Basic': bearer(org.accessToken),
      'jwtToken garbage': { jwttoken: 'garbage' },
      'jwtToken alg none': { jwttoken: unsigned(apiClaims) },
      'jwtToken wrong secret': { jwttoken: hs256('wrong', apiClaims) },
      'jwtToken expired': { jwttoken: hs256(apiTokenSecret, { ...apiClaims, iat: at - 7200, exp: at - 3600 }) },
      'jwtToken for an unknown appliance': { jwttoken: hs256(apiTokenSecret, { ...apiClaims, appliance: 'fuzz-appliance' }) },
      'jwtToken appliance is an object': { jwttoken: hs256(apiTokenSecret, { ...apiClaims, appliance: { id: applianceId } }) },
    },
  }
}

/** CTR's token endpoint: HTTP Basic with an API client's id and password. */
export function clientBasicProfile(org: OrgWorld): AuthProfile {
  const { clientId, clientPassword } = org.tenant.namOrg
  return {
    kind: 'oauth2-client',
    valid: { authorization: basic(clientId, clientPassword) },
    invalid: {
      'wrong password': { authorization: basic(clientId, `${clientPassword}x`) },
      'unknown client': { authorization: basic('client-fuzz', clientPassword) },
      'not base64': { authorization: 'Basic ***' },
      'no colon': { authorization: `Basic ${Buffer.from(clientId).toString('base64')}` },
      'huge credentials': { authorization: basic('c'.repeat(6000), 'p'.repeat(6000)) },
      'unicode credentials': { authorization: basic('клиент', '密码') },
      'Bearer instead of Basic': bearer(org.accessToken),
    },
  }
}

export interface Profiles {
  ctr: AuthProfile
  sse: AuthProfile
  device: AuthProfile
  sseCall: AuthProfile
  asyncos: AuthProfile
  oauth2: AuthProfile
  intel: AuthProfile
}

export function profilesFor(world: World, org: OrgWorld, apiTokenSecret: string): Profiles {
  return {
    ctr: irohProfile(world, org, 'ctr'), sse: irohProfile(world, org, 'sse'), device: deviceProfile(org),
    sseCall: sseCallProfile(org), asyncos: asyncosProfile(org, apiTokenSecret), oauth2: clientBasicProfile(org),
    intel: irohProfile(world, org, 'intel'),
  }
}

/** Which credentials a route takes, by service and path (what the probe found authenticated). */
export function profileOf(profiles: Profiles, op: Operation): AuthProfile | undefined {
  if (op.service === 'ctr' && op.path === '/iroh/oauth2/token') return profiles.oauth2
  if (op.service === 'ctr' && op.path.startsWith('/iroh/')) return profiles.ctr
  if (op.service === 'sse' && op.path.startsWith('/api/v1/')) return profiles.sse
  if (op.service === 'sse' && op.path.startsWith('/device/v1/')) return profiles.device
  if (op.service === 'esa' && op.path.startsWith('/sse/v1/appliances/')) return profiles.sseCall
  // The appliance's XML status page takes the same admin credentials as its AsyncOS API.
  if (op.service === 'esa' && (op.path.startsWith('/esa/api/') || op.path === '/xml/status')) return profiles.asyncos
  if (op.service === 'intel' && op.path.startsWith('/ctia/')) return profiles.intel
  return undefined
}
