// Network > Cloud Service Settings as the GUI behaves (tech note steps 1–4, 6): edits stay pending until committed,
// a commit that turns Threat Response on keeps the cloud service busy for a while, then the page asks for a token;
// Register → INPROGRESS → REGISTERED or FAILED; Deregister. Pure decisions: each takes the stored settings and
// returns the change to store, or throws a DomainError.
import {
  CLOUD_SERVICE_TEXTS as TEXT, ESA_SERVER_LABELS, THREAT_RESPONSE_MIN_ASYNCOS, THREAT_RESPONSE_NO_SERVER,
  type CloudRegistrationState, type CloudServiceSettings, type CloudServiceSettingsEdit, type DeviceRegistration,
} from '@ctrmock/types'
import { supportsThreatResponse } from './appliances.ts'
import { conflict, invalidInput } from './errors.ts'

export type RegistrationStatus = 'NONE' | 'INPROGRESS' | 'REGISTERED' | 'FAILED'

export interface CloudSettingsRecord {
  applianceId: string
  orgId: string
  enabled: boolean
  serverLabel: string | null
  hasPendingChanges: boolean
  pendingEnabled: boolean
  pendingServerLabel: string | null
  committedAt: Date | null
  commitComment: string | null
  busyUntil: Date | null
  registrationStatus: RegistrationStatus
  registrationToken: string | null
  registrationServerLabel: string | null
  registrationRequestedAt: Date | null
  registrationAttempts: number
  lastRegistrationError: string | null
  deviceId: string | null
  deviceSecret: string | null
  deviceRegion: string | null
  heartbeatIntervalSeconds: number | null
  registeredAt: Date | null
  lastHeartbeatAt: Date | null
  lastHeartbeatError: string | null
}

export type SettingsPatch = Partial<Omit<CloudSettingsRecord, 'applianceId' | 'orgId'>>

/** Device credentials a decision released: the caller tells SSE the device is gone (best effort). */
export interface ReleasedDevice {
  deviceId: string
  deviceSecret: string
  serverLabel: string | null
}

export interface Decision {
  patch: SettingsPatch
  message: string
  released?: ReleasedDevice
}

export const DEFAULT_SERVER_LABEL = ESA_SERVER_LABELS[0]

const CLEARED_REGISTRATION: SettingsPatch = {
  registrationStatus: 'NONE', registrationToken: null, registrationServerLabel: null, registrationRequestedAt: null,
  registrationAttempts: 0, lastRegistrationError: null, deviceId: null, deviceSecret: null, deviceRegion: null,
  heartbeatIntervalSeconds: null, registeredAt: null, lastHeartbeatAt: null, lastHeartbeatError: null,
}

function releasedDevice(s: CloudSettingsRecord): ReleasedDevice | undefined {
  if (!s.deviceId || !s.deviceSecret) return undefined
  return { deviceId: s.deviceId, deviceSecret: s.deviceSecret, serverLabel: s.registrationServerLabel ?? s.serverLabel }
}

export function registrationState(s: CloudSettingsRecord, now: Date): CloudRegistrationState {
  if (!s.enabled) return 'DISABLED'
  if (s.busyUntil && now < s.busyUntil) return 'BUSY'
  switch (s.registrationStatus) {
    case 'INPROGRESS': return 'INPROGRESS'
    case 'REGISTERED': return 'REGISTERED'
    case 'FAILED': return 'FAILED'
    default: return 'NOT_REGISTERED'
  }
}

const STATUS_TEXT: Record<CloudRegistrationState, string | null> = {
  DISABLED: TEXT.disabled,
  BUSY: TEXT.busy,
  NOT_REGISTERED: null,
  INPROGRESS: TEXT.inProgress,
  REGISTERED: TEXT.registered,
  FAILED: TEXT.failed,
}

const shownServer = (enabled: boolean, label: string | null) => (enabled && label ? label : THREAT_RESPONSE_NO_SERVER)
const shownEnabled = (enabled: boolean) => (enabled ? 'Enabled' as const : 'Disabled' as const)

/** The page as the GUI shows it now. */
export function settingsView(s: CloudSettingsRecord, now: Date): CloudServiceSettings {
  const state = registrationState(s, now)
  return {
    threatResponse: shownEnabled(s.enabled),
    threatResponseServer: shownServer(s.enabled, s.serverLabel),
    registrationState: state,
    status: STATUS_TEXT[state],
    registrationTokenField: state === 'NOT_REGISTERED' || state === 'FAILED',
    deregisterOffered: state === 'REGISTERED',
    uncommittedChanges: s.hasPendingChanges,
    ...(s.hasPendingChanges ? { pending: { threatResponse: shownEnabled(s.pendingEnabled), threatResponseServer: shownServer(s.pendingEnabled, s.pendingServerLabel) } } : {}),
    ...(state === 'REGISTERED' && s.deviceId ? { deviceId: s.deviceId } : {}),
    ...(state === 'REGISTERED' && s.lastHeartbeatAt ? { lastHeartbeatAt: s.lastHeartbeatAt.toISOString() } : {}),
  }
}

/** Edit Settings → Submit: recorded as pending; nothing takes effect before commit. */
export function editSettings(
  s: CloudSettingsRecord,
  input: CloudServiceSettingsEdit,
  appliance: { asyncosVersion: string; availableServers: readonly string[] },
): Decision {
  if (input.enabled && !supportsThreatResponse(appliance.asyncosVersion)) {
    throw invalidInput(`Threat Response requires AsyncOS ${THREAT_RESPONSE_MIN_ASYNCOS} or later; this appliance runs AsyncOS ${appliance.asyncosVersion}.`)
  }
  const server = input.enabled ? (input.server ?? DEFAULT_SERVER_LABEL) : null
  if (server && !appliance.availableServers.includes(server)) {
    throw invalidInput(`Threat Response Server "${server}" is not available on this appliance; choose one of: ${appliance.availableServers.join(', ')}.`)
  }
  const linked = s.registrationStatus === 'REGISTERED' || s.registrationStatus === 'INPROGRESS'
  if (linked && server && s.serverLabel && server !== s.serverLabel) {
    throw conflict('Deregister the appliance from the Cisco Threat Response portal before changing the Threat Response Server.')
  }
  const same = input.enabled === s.enabled && server === (s.enabled ? s.serverLabel : null)
  if (same) return { patch: { hasPendingChanges: false, pendingEnabled: false, pendingServerLabel: null }, message: TEXT.noChanges }
  return { patch: { hasPendingChanges: true, pendingEnabled: input.enabled, pendingServerLabel: server }, message: TEXT.uncommitted }
}

/** Commit Changes: applies the pending edit. Turning Threat Response on (or moving it) makes the service busy. */
export function commitChanges(s: CloudSettingsRecord, comment: string | undefined, now: Date, busySeconds: number): Decision {
  if (!s.hasPendingChanges) return { patch: {}, message: TEXT.noChanges }
  const applied: SettingsPatch = {
    enabled: s.pendingEnabled, serverLabel: s.pendingServerLabel, hasPendingChanges: false, pendingEnabled: false,
    pendingServerLabel: null, committedAt: now, commitComment: comment ?? null,
  }
  if (!s.pendingEnabled) {
    const released = releasedDevice(s)
    return { patch: { ...applied, ...CLEARED_REGISTRATION, busyUntil: null }, message: TEXT.committed, ...(released ? { released } : {}) }
  }
  const switchedOn = !s.enabled || s.pendingServerLabel !== s.serverLabel
  if (!switchedOn) return { patch: applied, message: TEXT.committed }
  const busyUntil = new Date(now.getTime() + busySeconds * 1000)
  const keep = s.registrationStatus === 'REGISTERED' || s.registrationStatus === 'INPROGRESS'
  return { patch: { ...applied, busyUntil, ...(keep ? {} : CLEARED_REGISTRATION) }, message: TEXT.committed }
}

export function abandonChanges(s: CloudSettingsRecord): Decision {
  if (!s.hasPendingChanges) return { patch: {}, message: 'There are no uncommitted changes.' }
  return { patch: { hasPendingChanges: false, pendingEnabled: false, pendingServerLabel: null }, message: TEXT.abandoned }
}

/** Register with a token: refused before commit, while busy, while in progress or registered. */
export function requestRegistration(s: CloudSettingsRecord, token: string, now: Date): Decision {
  const state = registrationState(s, now)
  switch (state) {
    case 'DISABLED':
      throw invalidInput(s.hasPendingChanges && s.pendingEnabled
        ? 'Threat Response is not enabled yet: commit your changes first. Uncommitted changes do not take effect.'
        : 'Threat Response is disabled. Enable it with Edit Settings and commit your changes before registering.')
    case 'BUSY': throw conflict(TEXT.busy)
    case 'INPROGRESS': throw conflict(TEXT.inProgress)
    case 'REGISTERED': throw conflict('The appliance is already registered with the Cisco Threat Response portal. Deregister it first.')
    default:
      return {
        patch: {
          ...CLEARED_REGISTRATION, registrationStatus: 'INPROGRESS', registrationToken: token,
          registrationServerLabel: s.serverLabel, registrationRequestedAt: now,
        },
        message: TEXT.registrationInitiated,
      }
  }
}

const stillRegistering = (s: CloudSettingsRecord, token: string) => s.registrationStatus === 'INPROGRESS' && s.registrationToken === token

/** SSE accepted the token. Undefined when the request was cancelled meanwhile (the device is then an orphan). */
export function completeRegistration(s: CloudSettingsRecord, token: string, registration: DeviceRegistration, now: Date): SettingsPatch | undefined {
  if (!stillRegistering(s, token)) return undefined
  return {
    registrationStatus: 'REGISTERED', registrationToken: null, lastRegistrationError: null,
    deviceId: registration.deviceId, deviceSecret: registration.deviceSecret, deviceRegion: registration.region,
    heartbeatIntervalSeconds: registration.heartbeatIntervalSeconds, registeredAt: now, lastHeartbeatAt: null, lastHeartbeatError: null,
  }
}

/** SSE refused the token: the page shows the failure and asks for a token again. */
export function failRegistration(s: CloudSettingsRecord, token: string, reason: string): SettingsPatch | undefined {
  if (!stillRegistering(s, token)) return undefined
  return { registrationStatus: 'FAILED', registrationToken: null, lastRegistrationError: reason }
}

/** SSE could not be reached: the state stays INPROGRESS and the same token is tried again later. */
export function noteRegistrationRetry(s: CloudSettingsRecord, token: string, reason: string): SettingsPatch | undefined {
  if (!stillRegistering(s, token)) return undefined
  return { registrationAttempts: s.registrationAttempts + 1, lastRegistrationError: reason }
}

export function recordHeartbeat(s: CloudSettingsRecord, deviceId: string, now: Date, error?: string): SettingsPatch | undefined {
  if (s.registrationStatus !== 'REGISTERED' || s.deviceId !== deviceId) return undefined
  return error ? { lastHeartbeatError: error } : { lastHeartbeatAt: now, lastHeartbeatError: null }
}

/** Deregister (or cancel a registration in progress, or clear a failure). */
export function deregister(s: CloudSettingsRecord): Decision {
  if (s.registrationStatus === 'NONE') throw conflict('The appliance is not registered with the Cisco Threat Response portal.')
  const released = releasedDevice(s)
  return { patch: { ...CLEARED_REGISTRATION }, message: TEXT.deregistered, ...(released ? { released } : {}) }
}
