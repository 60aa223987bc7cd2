// AsyncOS configuration lists, ESA `/esa/api/v2.0/config/*`: content dictionaries, URL lists, file hash lists and
// message filters, as the XSOAR Cisco ESA integration (CiscoEmailSecurityApplianceIronPortV2) calls them and real
// appliances answer (its recorded test data and documented outputs).
import { Type, type Static } from '@sinclair/typebox'

// Which appliances a change applies to: the whole cluster (the integration's default), a group or one machine.
export const CONFIG_MODES = ['cluster', 'group', 'machine'] as const
export type ConfigMode = (typeof CONFIG_MODES)[number]

export const FILE_HASH_LIST_TYPES = ['md5', 'sha256', 'any'] as const
export type FileHashListType = (typeof FILE_HASH_LIST_TYPES)[number]

// A dictionary term: [term], [term, weight] or, for a smart identifier (`*credit`), [term, weight, 'prefix'].
export const DictionaryWord = Type.Array(Type.Union([Type.String(), Type.Integer()]), { minItems: 1, maxItems: 3 })
export type DictionaryWord = Static<typeof DictionaryWord>

export const Dictionary = Type.Object({
  name: Type.String(),
  encoding: Type.String(),
  ignorecase: Type.Integer(),
  wholewords: Type.Integer(),
  words: Type.Array(DictionaryWord),
  words_count: Type.Object({ term_count: Type.Integer(), smart_identifier_count: Type.Integer() }),
})
export type Dictionary = Static<typeof Dictionary>

export const UrlList = Type.Object({
  name: Type.String(), urls: Type.Array(Type.String()), urls_count: Type.Integer(), used_by: Type.String(),
})
export type UrlList = Static<typeof UrlList>

export const FileHashList = Type.Object({
  name: Type.String(), description: Type.String(), list_type: Type.String(),
  filehashes: Type.Array(Type.String()), filehashes_count: Type.Integer(),
})
export type FileHashList = Static<typeof FileHashList>

// `valid` and `active` are the strings "true" / "false", as the appliance writes them.
export const MessageFilter = Type.Object({
  name: Type.String(),
  rules_and_actions: Type.String(),
  invalid_reason: Type.Optional(Type.String()),
  valid: Type.String(),
  active: Type.String(),
  order: Type.Integer(),
})
export type MessageFilter = Static<typeof MessageFilter>

export const MessageFiltersResponse = Type.Object({ meta: Type.Object({ count: Type.Integer() }), data: Type.Array(MessageFilter) })

// What a change answers: "Added Successfully", "Updated Successfully", "Deleted Successfully"; a message filter that
// names an unknown listener or interface is kept, marked invalid, with a warning.
export const ConfigChangeResponse = Type.Object({
  meta: Type.Optional(Type.Object({ warning: Type.String() })),
  data: Type.Object({ message: Type.String() }),
})
export type ConfigChangeResponse = Static<typeof ConfigChangeResponse>

// An incoming mail policy's user entry (/config/incoming_mail_policies/{policy}/senders_and_recipients): senders,
// or senders it is not, and recipients (`receiver`, and `receiver_not` with `and`); `operation` joins sender and
// recipient conditions. An entry is `user@domain`, `user@`, `@domain`, `@.domain` (subdomains), `user@[ip]` or `ANY`.
const DomainEntries = Type.Object({ domain_entries: Type.Array(Type.String({ maxLength: 320 }), { maxItems: 1000 }) })
export const POLICY_OPERATIONS = ['and', 'or'] as const
const SenderConfig = Type.Object({ sender: Type.Optional(DomainEntries), sender_not: Type.Optional(DomainEntries) })
const ReceiverConfig = Type.Object({
  operation: Type.Unsafe<(typeof POLICY_OPERATIONS)[number]>({ type: 'string', enum: [...POLICY_OPERATIONS] }),
  receiver: Type.Optional(DomainEntries),
  receiver_not: Type.Optional(DomainEntries),
})
export const IncomingMailPolicyUser = Type.Object({ sender_config: SenderConfig, receiver_config: ReceiverConfig })
export type IncomingMailPolicyUser = Static<typeof IncomingMailPolicyUser>

// What a client may send: an entry without senders, recipients or operation takes any sender or recipient, with `and`.
export const IncomingMailPolicyUserInput = Type.Object({
  sender_config: Type.Optional(SenderConfig),
  receiver_config: Type.Optional(Type.Partial(ReceiverConfig)),
})
export type IncomingMailPolicyUserInput = Static<typeof IncomingMailPolicyUserInput>

export const IncomingMailPolicyUsersResponse = Type.Object({ meta: Type.Object({ count: Type.Integer() }), data: Type.Array(IncomingMailPolicyUser) })

// POST /__mock/incoming-mail-policies: a named incoming mail policy added to an appliance (the default one when
// `applianceId` is absent), below those it has, as an administrator adds one in the GUI.
export const IncomingMailPolicyCreate = Type.Object({
  applianceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  name: Type.String({ minLength: 1, maxLength: 80 }),
}, { additionalProperties: false })
export type IncomingMailPolicyCreate = Static<typeof IncomingMailPolicyCreate>
export const IncomingMailPolicyCreated = Type.Object({ applianceId: Type.String(), name: Type.String() })
export type IncomingMailPolicyCreated = Static<typeof IncomingMailPolicyCreated>
