// AsyncOS API authentication (cisco-api.md §5.3): HTTP Basic, or the jwtToken that POST /login hands out.
// The credentials select the appliance, so each test suite's appliance answers only to its own credentials.
import { decodeJwtPayload, JwtError, signHs256, verifyHs256, type Clock } from '@ctrmock/kit/domain'
import { credentialKey, type Appliance } from './appliances.ts'
import { invalidInput, unauthorized } from './errors.ts'

export interface ApplianceLookup {
  byAdminCredential(key: string): Promise<Appliance | undefined>
  get(id: string): Promise<Appliance | undefined>
}

export const API_TOKEN_TTL_SECONDS = 1800
export const ADMIN_ROLE = 'Administrator'
const BAD_CREDENTIALS = 'Invalid username or passphrase.'

/** Strict base64: AsyncOS clients send userName and passphrase base64-encoded. */
export function decodeBase64Field(name: string, value: string): string {
  const compact = value.trim()
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw invalidInput(`${name} must be base64-encoded.`)
  }
  const decoded = Buffer.from(compact, 'base64').toString('utf8')
  if (decoded.length === 0 || decoded.includes('\uFFFD')) throw invalidInput(`${name} must be base64-encoded UTF-8 text.`)
  return decoded
}

export async function login(lookup: ApplianceLookup, clockOf: (orgId: string) => Clock, userName: string, passphrase: string) {
  const appliance = await lookup.byAdminCredential(credentialKey(userName, passphrase))
  if (!appliance) throw unauthorized(BAD_CREDENTIALS)
  const iat = Math.floor(clockOf(appliance.orgId).now().getTime() / 1000)
  const jwtToken = signHs256(appliance.apiTokenSecret, {
    iss: 'AsyncOS', sub: userName, appliance: appliance.id, org: appliance.orgId, role: ADMIN_ROLE,
    iat, exp: iat + API_TOKEN_TTL_SECONDS,
  })
  return { appliance, jwtToken, userName, role: ADMIN_ROLE }
}

/** `Authorization: Basic ...` → the appliance those admin credentials belong to. */
export async function authenticateBasic(lookup: ApplianceLookup, header: string): Promise<Appliance> {
  const encoded = header.slice('Basic '.length).trim()
  let decoded: string
  try {
    decoded = decodeBase64Field('Basic credentials', encoded)
  } catch {
    throw unauthorized('Malformed Basic authorization header.')
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) throw unauthorized('Malformed Basic authorization header.')
  const appliance = await lookup.byAdminCredential(credentialKey(decoded.slice(0, colon), decoded.slice(colon + 1)))
  if (!appliance) throw unauthorized(BAD_CREDENTIALS)
  return appliance
}

/** The jwtToken header → its appliance; AsyncOS's own messages for a bad or expired token. */
export async function authenticateApiToken(lookup: ApplianceLookup, clockOf: (orgId: string) => Clock, token: string): Promise<Appliance> {
  const claims = decodeJwtPayload(token)
  const id = claims?.appliance
  const appliance = typeof id === 'string' && id.length <= 100 ? await lookup.get(id) : undefined
  if (!appliance) throw unauthorized('InvalidTokenError.')
  try {
    verifyHs256(token, appliance.apiTokenSecret, clockOf(appliance.orgId).now())
  } catch (error) {
    if (error instanceof JwtError && error.reason === 'expired') throw unauthorized('ExpiredSignatureError.')
    throw unauthorized('InvalidTokenError.')
  }
  return appliance
}
