// Settings of a module instance, checked per module kind (ESA: a registered device and a timeframe in days; relay: an
// allowlisted URL; Mock Intelligence: judgements).
import { invalidRequest } from './errors.ts'
import { RELAY_APIS, type Device } from '@ctrmock/types'
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
}

export function relaySettings(settings: Settings, policy: RelayUrlPolicy, typeProperties: Record<string, unknown> = {}): RelaySettings {
  const url = policy.check(settings.url ?? typeProperties.url)
  const header = settings['authorization-header']
  if (header !== undefined && (typeof header !== 'string' || header.length > 8192 || /[\r\n]/.test(header))) {
    throw invalidRequest('settings.authorization-header: must be a single-line string')
  }
  const apis = settings['supported-apis'] ?? typeProperties['supported-apis'] ?? [...RELAY_APIS]
  if (!Array.isArray(apis) || !apis.every((api) => typeof api === 'string' && (RELAY_APIS as readonly string[]).includes(api))) {
    throw invalidRequest(`settings.supported-apis: must list some of ${RELAY_APIS.join(', ')}`)
  }
  return { url, ...(typeof header === 'string' && header ? { authorization: header } : {}), supportedApis: apis as string[] }
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
