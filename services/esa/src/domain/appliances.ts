// An appliance the agent hosts: its facts (what SSE and message tracking report) and how its credentials select it.
import { createHash } from 'node:crypto'
import { THREAT_RESPONSE_MIN_ASYNCOS } from '@ctrmock/types'

export const DEFAULT_APPLIANCE_ID = 'default'
export const DEFAULT_ORG = 'default'

export interface Appliance {
  id: string
  orgId: string
  hostname: string
  model: string
  asyncosVersion: string
  serialNumber: string
  ipAddress: string
  adminUser: string
  apiTokenSecret: string
}

/** What creating an appliance needs besides its facts: the credentials, kept only as keys. */
export interface NewAppliance extends Appliance {
  adminCredential: string
  smtpCredential: string
}

/** Credentials are looked up by this key, so the clear password is never stored. */
export function credentialKey(user: string, password: string): string {
  return createHash('sha256').update(`${user}\0${password}`).digest('hex')
}

/** A stable serial in the shape of a virtual appliance's (20 hex, dash, 12 hex), derived from a seed. */
export function deriveSerialNumber(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex').toUpperCase()
  return `${hex.slice(0, 20)}-${hex.slice(20, 32)}`
}

/** "13.0.0-392" → [13, 0]; the tech note's prerequisite compares major.minor. */
function majorMinor(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('-')[0]!.split('.')
  return [Number(major) || 0, Number(minor) || 0]
}

export function supportsThreatResponse(asyncosVersion: string): boolean {
  const [major, minor] = majorMinor(asyncosVersion)
  const [needMajor, needMinor] = majorMinor(THREAT_RESPONSE_MIN_ASYNCOS)
  return major > needMajor || (major === needMajor && minor >= needMinor)
}

/** The device facts the appliance presents to SSE when it registers. */
export function deviceFacts(appliance: Appliance, callbackUrl: string) {
  return {
    name: appliance.hostname,
    type: 'ESA' as const,
    version: appliance.asyncosVersion,
    serialNumber: appliance.serialNumber,
    ip: appliance.ipAddress,
    callbackUrl,
  }
}
