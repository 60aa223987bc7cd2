// The ESA agent's AsyncOS login (cisco-api.md §5.3) and its control-plane extras: one appliance per org
// (POST /__mock/orgs) and bulk-loaded tracked messages (POST /__mock/messages). What the client and the CLI send.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'
import './formats.ts'

/** POST /esa/api/v2.0/login — userName and passphrase are base64-encoded, as AsyncOS expects. */
export const AsyncosLoginRequest = Type.Object({
  data: Type.Object({
    userName: Type.String({ minLength: 1, maxLength: 1000, description: 'base64 of the user name' }),
    passphrase: Type.String({ minLength: 1, maxLength: 1000, description: 'base64 of the passphrase' }),
  }),
})
export type AsyncosLoginRequest = Static<typeof AsyncosLoginRequest>

export const AsyncosLoginResponse = Type.Object({
  data: Type.Object({
    userName: Type.String(),
    /** A string, as AsyncOS sends it: "false". */
    is2FactorRedirectRequired: Type.String(),
    role: Type.String(),
    /** Send it back as the `jwtToken` header. */
    jwtToken: Type.String(),
  }),
})
export type AsyncosLoginResponse = Static<typeof AsyncosLoginResponse>

/** POST /__mock/orgs on the ESA agent: an isolated appliance with its own credentials. */
export const EsaOrgRequest = Type.Object({
  org: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\w.:@-]+$' })),
  hostname: Type.Optional(Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$' })),
  asyncosVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 50, pattern: '^\\d+\\.\\d+(\\.\\d+)?(-\\d+)?$' })),
  serialNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\w-]+$' })),
}, { additionalProperties: false })
export type EsaOrgRequest = Static<typeof EsaOrgRequest>

export const EsaOrg = Type.Object({
  orgId: Type.String(),
  applianceId: Type.String(),
  hostname: Type.String(),
  asyncosVersion: Type.String(),
  serialNumber: Type.String(),
  /** AsyncOS API credentials (HTTP Basic, or POST /login). */
  username: Type.String(),
  password: Type.String(),
  /** SMTP AUTH (PLAIN/LOGIN) credentials: mail sent with them is tracked by this appliance. */
  smtp: Type.Object({ username: Type.String(), password: Type.String() }),
})
export type EsaOrg = Static<typeof EsaOrg>

const sha256 = Type.String({ pattern: '^[A-Fa-f0-9]{64}$' })
const shortText = (maxLength: number) => Type.String({ maxLength })

/** One tracked message to load; omitted fields take what the SMTP intake would record. */
export const TrackedMessageInput = Type.Object({
  // Below the 32-bit limit, so the appliance's counters can still move past them.
  mid: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_000_000_000 })),
  icid: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_000_000_000 })),
  direction: Type.Optional(literalUnion(['incoming', 'outgoing'] as const)),
  senderIp: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  sender: Type.String({ maxLength: 320 }),
  recipients: Type.Array(Type.String({ minLength: 1, maxLength: 320 }), { minItems: 1, maxItems: 100 }),
  from: Type.Optional(shortText(1000)),
  replyTo: Type.Optional(shortText(1000)),
  subject: Type.Optional(shortText(2000)),
  messageId: Type.Optional(shortText(1000)),
  attachments: Type.Optional(Type.Array(Type.Object({
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    sha256,
    size: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_000_000_000 })),
  }, { additionalProperties: false }), { maxItems: 100 })),
  /** e.g. "Delivered" (default), "Dropped By Anti-Virus", "Bounced" */
  deliveryStatus: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  lastState: Type.Optional(shortText(2000)),
  size: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_000_000_000 })),
  timestamp: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false })
export type TrackedMessageInput = Static<typeof TrackedMessageInput>

/** POST /__mock/messages (and the `messages` key of POST /__mock/seed). */
export const TrackedMessageLoad = Type.Object({
  /** The appliance that tracked them; the default appliance when absent. */
  applianceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  messages: Type.Array(TrackedMessageInput, { maxItems: 100_000 }),
}, { additionalProperties: false })
export type TrackedMessageLoad = Static<typeof TrackedMessageLoad>

export const TrackedMessageLoadResult = Type.Object({
  applianceId: Type.String(),
  created: Type.Integer(),
  /** MIDs given to the loaded messages, in input order. */
  mids: Type.Array(Type.Integer()),
})
export type TrackedMessageLoadResult = Static<typeof TrackedMessageLoadResult>
