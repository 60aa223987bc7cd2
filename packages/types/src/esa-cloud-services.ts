// The ESA's Network > Cloud Service Settings page as an API (ctrmock's own: AsyncOS has no public REST call for it; the
// GUI and the `cloudserviceconfig` CLI are described in cisco-api.md §5.1–5.2). AsyncOS JSON style: `{data: ...}`,
// errors `{error: {message, code, explanation}}`. Texts are the GUI's, as the tech note shows them.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'
import { EsaServerLabel } from './region.ts'
import { REGISTRATION_FAILED_MESSAGE } from './sse.ts'

// The `cloudserviceconfig status` vocabulary (REGISTERED | INPROGRESS | DISABLED) plus the GUI's other phases.
export const CLOUD_REGISTRATION_STATES = ['DISABLED', 'NOT_REGISTERED', 'BUSY', 'INPROGRESS', 'REGISTERED', 'FAILED'] as const
export const CloudRegistrationState = literalUnion(CLOUD_REGISTRATION_STATES)
export type CloudRegistrationState = Static<typeof CloudRegistrationState>

export const THREAT_RESPONSE_NO_SERVER = 'No Server is set.'
/** The tech note's prerequisite: integrating an ESA directly needs AsyncOS 13.0 or later. */
export const THREAT_RESPONSE_MIN_ASYNCOS = '13.0'

export const CLOUD_SERVICE_TEXTS = {
  disabled: 'Enable the Cloud Services on your appliance to use the Cisco Threat Response portal.',
  busy: 'The Cisco Cloud Service is busy. Navigate back to this page after some time to check the appliance status.',
  inProgress: 'The appliance registration is in progress. Navigate back to this page after some time to check the appliance status.',
  // Not shown in the tech note; worded like the other status lines.
  registered: 'Your appliance is successfully registered with the Cisco Threat Response portal.',
  failed: REGISTRATION_FAILED_MESSAGE,
  uncommitted: 'You have uncommitted changes. These changes will not go into effect until you commit them.',
  committed: 'Success - Your changes have been committed.',
  noChanges: 'There are no changes to commit.',
  abandoned: 'Success - All changes have been abandoned.',
  registrationInitiated: 'Success — A request to register your appliance with the Cisco Threat Response portal is initiated. Navigate back to this page after some time to check the appliance status.',
  deregistered: 'Success — Your appliance is deregistered from the Cisco Threat Response portal.',
} as const

const ThreatResponse = literalUnion(['Enabled', 'Disabled'] as const)

/** GET /esa/api/v2.0/config/cloud_service_settings → {data: CloudServiceSettings} */
export const CloudServiceSettings = Type.Object({
  threatResponse: ThreatResponse,
  /** The committed server label, or "No Server is set." */
  threatResponseServer: Type.String(),
  registrationState: CloudRegistrationState,
  /** The page's Status line in this state; null where the page shows only the Registration Token field. */
  status: Type.Union([Type.String(), Type.Null()]),
  /** The "Registration Token" field and Register button are offered (NOT_REGISTERED, FAILED). */
  registrationTokenField: Type.Boolean(),
  /** The Deregister button is offered (REGISTERED). */
  deregisterOffered: Type.Boolean(),
  uncommittedChanges: Type.Boolean(),
  /** What Commit Changes would apply; present only while uncommittedChanges. */
  pending: Type.Optional(Type.Object({ threatResponse: ThreatResponse, threatResponseServer: Type.String() })),
  /** The SSE device id once registered. */
  deviceId: Type.Optional(Type.String()),
  lastHeartbeatAt: Type.Optional(Type.String({ format: 'date-time' })),
})
export type CloudServiceSettings = Static<typeof CloudServiceSettings>

export const CloudServiceSettingsResponse = Type.Object({ data: CloudServiceSettings })
export type CloudServiceSettingsResponse = Static<typeof CloudServiceSettingsResponse>

/** PUT /esa/api/v2.0/config/cloud_service_settings — Edit Settings → Submit (pending until committed). */
export const CloudServiceSettingsEdit = Type.Object({
  enabled: Type.Boolean({ description: 'The Threat Response "Enable" checkbox' }),
  /** Threat Response Server; AMERICAS (api-sse.cisco.com) by default. */
  server: Type.Optional(EsaServerLabel),
}, { additionalProperties: false })
export type CloudServiceSettingsEdit = Static<typeof CloudServiceSettingsEdit>

/** POST /esa/api/v2.0/config/commit */
export const CommitRequest = Type.Object({
  comment: Type.Optional(Type.String({ maxLength: 255 })),
}, { additionalProperties: false })
export type CommitRequest = Static<typeof CommitRequest>

/** POST /esa/api/v2.0/config/cloud_service_settings/register */
export const CloudRegistrationRequest = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200, pattern: '^\\S+$', description: 'The registration token generated in SSE' }),
}, { additionalProperties: false })
export type CloudRegistrationRequest = Static<typeof CloudRegistrationRequest>

/** The answer of every Cloud Service Settings action: the banner text and the page as it now reads. */
export const CloudServiceActionResponse = Type.Object({
  data: Type.Object({ message: Type.String(), settings: CloudServiceSettings }),
})
export type CloudServiceActionResponse = Static<typeof CloudServiceActionResponse>
