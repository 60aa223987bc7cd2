// Settings of a module instance, checked per module kind (ESA: a registered device and a timeframe in days; relay: an
// allowlisted URL; Mock Intelligence: judgements).
import { invalidRequest } from './errors.ts'
import { RELAY_APIS, RELAY_DECLARABLE_APIS, type Device } from '@ctrmock/types'
import { ESA_DEFAULT_TIMEFRAME_DAYS, ESA_MAX_TIMEFRAME_DAYS, type ModuleKind } from './builtin-module-types.ts'
import type { RelayUrlPolicy } from './relay-urls.ts'
import { parseJudgementSettings } from './intel.ts'
import type { Settings } from './module-instances.ts'

export interface EsaSettings {
  device: string
  timeframe: number
}

export function esaSettings(settings: Settings): EsaSettings {
  const { device, timeframe } = settings
  if (typeof device !== 'string' || !device.trim()) {
    throw invalidRequest('settings.device: choose the Registered Device (a device registered in Security Services Exchange)')
  }
  const days = timeframe === undefined || timeframe === '' ? ESA_DEFAULT_TIMEFRAME_DAYS : Number(timeframe)
  if (!Number.isInteger(days) || days < 1 || days > ESA_MAX_TIMEFRAME_DAYS) {
    throw invalidRequest(`settings.timeframe: Request Timeframe must be a whole number of days from 1 to ${ESA_MAX_TIMEFRAME_DAYS}`)
  }
  return { device: device.trim(), timeframe: days }
}

/** The device must be one SSE lists for the org: registered, and Threat Response enabled in SSE Cloud Services. */
export function checkRegisteredDevice(deviceId: string, devices: readonly Device[]): Device {
  const device = devices.find((d) => d.id === deviceId)
  if (!device) {
    throw invalidRequest(`settings.device: "${deviceId}" is not a registered device of this org in Security Services Exchange. Register the appliance in SSE and enable Cisco Threat Response under Cloud Services; then it appears in the Registered Device list.`)
  }
  return device
}

export interface RelaySettings {
  url: string
  authorization?: string
  supportedApis: string[]
  /** A module type with `auth-type: configuration-token`: what its per-call JWT carries and how it is signed. */
  configurationToken?: ConfigurationToken
}

export interface ConfigurationToken {
  alg: 'RS256' | 'HS256'
  /** The HS256 secret (`configuration-token-key`). */
  key?: string
  /** The audience: `configuration-token-audience`, else the module's URL, as relays compare it with their own root. */
  audience: string
  /** Where a relay fetches the RS256 keys (`custom_jwks_host`); this CTR's host when the type names none. */
  jwksHost?: string
  /** The instance's `custom_*` settings without their prefix (`custom_key` → `key`), as relays read them. */
  settings: Record<string, unknown>
}

const CUSTOM = 'custom_'

/** The configuration token a relay module's type asks for, if it asks for one. */
function configurationToken(settings: Settings, url: string, typeProperties: Record<string, unknown>): ConfigurationToken | undefined {
  if ((settings['auth-type'] ?? typeProperties['auth-type']) !== 'configuration-token') return undefined
  const alg = typeProperties['configuration-token-alg'] ?? 'RS256'
  if (alg !== 'RS256' && alg !== 'HS256') throw invalidRequest('properties.configuration-token-alg: RS256 or HS256')
  const key = typeProperties['configuration-token-key']
  if (alg === 'HS256' && (typeof key !== 'string' || key === '')) throw invalidRequest('properties.configuration-token-key: an HS256 configuration token needs the secret relays check it with')
  const audience = typeProperties['configuration-token-audience']
  const jwksHost = typeProperties.custom_jwks_host
  const custom = Object.entries(settings).filter(([name]) => name.startsWith(CUSTOM) && name.length > CUSTOM.length)
  return {
    alg, audience: typeof audience === 'string' && audience ? audience : url.replace(/\/+$/, ''),
    ...(alg === 'HS256' ? { key: key as string } : {}),
    ...(typeof jwksHost === 'string' && jwksHost ? { jwksHost } : {}),
    settings: Object.fromEntries(custom.map(([name, value]) => [name.slice(CUSTOM.length), value])),
  }
}

export function relaySettings(settings: Settings, policy: RelayUrlPolicy, typeProperties: Record<string, unknown> = {}): RelaySettings {
  const url = policy.check(settings.url ?? typeProperties.url)
  const header = settings['authorization-header']
  if (header !== undefined && (typeof header !== 'string' || header.length > 8192 || /[\r\n]/.test(header))) {
    throw invalidRequest('settings.authorization-header: must be a single-line string')
  }
  const apis = settings['supported-apis'] ?? typeProperties['supported-apis'] ?? [...RELAY_APIS]
  if (!Array.isArray(apis) || !apis.every((api) => typeof api === 'string' && (RELAY_DECLARABLE_APIS as readonly string[]).includes(api))) {
    throw invalidRequest(`settings.supported-apis: must list some of ${RELAY_DECLARABLE_APIS.join(', ')}`)
  }
  const token = configurationToken(settings, url, typeProperties)
  return {
    url, ...(typeof header === 'string' && header && !token ? { authorization: header } : {}), supportedApis: apis as string[],
    ...(token ? { configurationToken: token } : {}),
  }
}

/**
 * The claims of a configuration token: the instance's custom settings, the audience, where the keys are, and a
 * lifetime of one call's worth (five minutes), from `now`.
 */
export function configurationTokenClaims(token: ConfigurationToken, jwksHost: string, now: Date): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000)
  return { ...token.settings, aud: token.audience, jwks_host: token.jwksHost ?? jwksHost, iss: 'IROH Auth', iat, exp: iat + 300 }
}

/** Checks settings for the kind; returns them normalised (defaults filled in). */
export function checkSettings(kind: ModuleKind, settings: Settings, policy: RelayUrlPolicy, typeProperties?: Record<string, unknown>): Settings {
  if (kind === 'esa') {
    const esa = esaSettings(settings)
    return { ...settings, device: esa.device, timeframe: esa.timeframe }
  }
  if (kind === 'relay') {
    relaySettings(settings, policy, typeProperties)
    return settings
  }
  if (kind === 'private-intel') return settings
  parseJudgementSettings(settings)
  return settings
}

/** Merges a PATCH (of settings or a type's definition): a null value removes the key (PartialModuleInstanceSettings). */
export function mergePatch(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = value
  }
  return out
}
