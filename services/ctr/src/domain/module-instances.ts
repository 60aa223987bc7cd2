// Module instances: an org's configured modules. Settings are checked per module kind (ESA: a registered device and
// a timeframe in days; relay: an allowlisted URL; Mock Intelligence: judgements); the ESA device check needs SSE's
// device list, which the route fetches and passes in.
import { invalidRequest } from './errors.ts'
import { RELAY_APIS, type Device, type ModuleInstanceResponse } from '@ctrmock/types'
import { ESA_DEFAULT_TIMEFRAME_DAYS, ESA_MAX_TIMEFRAME_DAYS, type ModuleKind } from './module-types.ts'
import type { RelayUrlPolicy } from './relay-urls.ts'
import { parseJudgementSettings } from './intel.ts'

export type Settings = Record<string, unknown>

export interface ModuleInstance {
  id: string
  orgId: string
  userId: string
  clientId: string
  moduleTypeId: string
  name: string
  enabled: boolean
  visibility: 'global' | 'org' | 'user'
  settings: Settings
  externalReferences?: unknown[]
  parentId?: string
  createdAt: Date
  updatedAt: Date
}

/** ModuleInstanceResponse: exactly the Swagger's fields (it rejects others, such as `state`). */
export function moduleInstanceView(instance: ModuleInstance): ModuleInstanceResponse {
  return {
    id: instance.id,
    name: instance.name,
    module_type_id: instance.moduleTypeId,
    org_id: instance.orgId,
    user_id: instance.userId,
    client_id: instance.clientId,
    enabled: instance.enabled,
    visibility: instance.visibility,
    settings: instance.settings,
    ...(instance.externalReferences ? { external_references: instance.externalReferences as ModuleInstanceResponse['external_references'] } : {}),
    ...(instance.parentId ? { parent_id: instance.parentId } : {}),
    created_at: instance.createdAt.toISOString(),
    updated_at: instance.updatedAt.toISOString(),
  }
}

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
  parseJudgementSettings(settings)
  return settings
}

/** Merges a PATCH's partial settings: a null value removes the key (PartialModuleInstanceSettings). */
export function mergeSettings(current: Settings, patch: Record<string, unknown>): Settings {
  const out: Settings = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = value
  }
  return out
}
