// IROH integration API (/iroh/iroh-int): module types and module instances, field for field as Cisco's iroh-int
// Swagger v1.0.107 (specs/iroh/iroh-int.json; cisco-api.md §1.7). Instance responses carry exactly the Swagger's
// fields: ModuleInstanceResponse rejects anything else (such as `state`).
import { Type, type Static, type TRecord, type TSchema, type TString, type TUnknown, type TOptional, type TObject } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

const SCALAR_TYPES = ['boolean', 'number', 'string']

// Settings: string/boolean/number values, arrays of them, or nested settings maps (three levels deep here: a
// recursive schema with an $id clashes when several routes compile it). Each level is one schema with a list of
// types, not a union: Ajv's type coercion, which the services turn on for query strings, leaves a value alone that
// matches one of the listed types, where a union's first branch would turn 100 or false into a string.
function settingValue(nullable: boolean, depth: number): TSchema {
  return Type.Unsafe({
    // Containers and null before the scalars, string last: the response serializer tries the types in this order.
    type: ['array', ...(depth > 0 ? ['object'] : []), ...(nullable ? ['null'] : []), ...SCALAR_TYPES],
    items: { type: SCALAR_TYPES },
    ...(depth > 0 ? { additionalProperties: settingValue(nullable, depth - 1) } : {}),
  })
}

function settingsMap(nullable: boolean, depth: number): TSchema {
  return Type.Record(Type.String(), settingValue(nullable, depth))
}

export const ModuleInstanceSettings = settingsMap(false, 2) as TRecord<TString, TUnknown>
export type ModuleInstanceSettings = Record<string, unknown>

// PATCH settings: a null value removes the key.
export const PartialModuleInstanceSettings = settingsMap(true, 2) as TRecord<TString, TUnknown>
export type PartialModuleInstanceSettings = Record<string, unknown>

export const MODULE_INSTANCE_VISIBILITIES = ['global', 'org', 'user'] as const
export const ModuleInstanceVisibility = literalUnion(MODULE_INSTANCE_VISIBILITIES)

export const ModuleInstanceExternalReference = Type.Object({
  label: Type.String(),
  link: Type.Optional(Type.String()),
  external_id: Type.Optional(Type.String()),
  class: Type.Optional(Type.String()),
}, { additionalProperties: false })

export const NewModuleInstanceParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1024 }),
  module_type_id: Type.String({ minLength: 1, maxLength: 200 }),
  visibility: ModuleInstanceVisibility,
  parent_id: Type.Optional(Type.String({ maxLength: 200 })),
  settings: Type.Optional(ModuleInstanceSettings),
  external_references: Type.Optional(Type.Array(ModuleInstanceExternalReference, { maxItems: 100 })),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type NewModuleInstanceParams = Static<typeof NewModuleInstanceParams>

export const PatchModuleInstanceParams = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  module_type_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  parent_id: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  external_references: Type.Optional(Type.Union([Type.Array(ModuleInstanceExternalReference, { maxItems: 100 }), Type.Null()])),
  enabled: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  settings: Type.Optional(Type.Union([PartialModuleInstanceSettings, Type.Null()])),
}, { additionalProperties: false })
export type PatchModuleInstanceParams = Static<typeof PatchModuleInstanceParams>

export const ModuleInstanceResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  module_type_id: Type.String(),
  org_id: Type.String(),
  user_id: Type.String(),
  client_id: Type.Optional(Type.String()),
  enabled: Type.Boolean(),
  visibility: ModuleInstanceVisibility,
  settings: Type.Optional(ModuleInstanceSettings),
  external_references: Type.Optional(Type.Array(ModuleInstanceExternalReference)),
  parent_id: Type.Optional(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false })
export type ModuleInstanceResponse = Static<typeof ModuleInstanceResponse>

export const CONFIGURATION_FIELD_TYPES = ['remote', 'password', 'file', 'string', 'api_key', 'integer', 'device', 'options', 'boolean'] as const

export const ConfigurationSpecField = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 200 }),
  type: literalUnion(CONFIGURATION_FIELD_TYPES),
  label: Type.String({ maxLength: 1000 }),
  required: Type.Optional(Type.Boolean()),
  tooltip: Type.Optional(Type.String({ maxLength: 5000 })),
  group: Type.Optional(Type.String({ maxLength: 200 })),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }, { additionalProperties: false }), { maxItems: 1000 })),
  'strict-options': Type.Optional(Type.Boolean()),
  default_value: Type.Optional(Type.Union([Type.String(), Type.Integer(), Type.Boolean()])),
  subtype: Type.Optional(Type.String()),
  beta: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })

export const CAPABILITY_IDS = [
  'detection_source', 'device_insights', 'respond', 'observe', 'assets', 'incident/resolve', 'notifications',
  'data_ingestion', 'target_records', 'health', 'automate', 'tiles', 'refer', 'threat_hunts', 'deliberate',
] as const
export const Capability = Type.Object({ id: literalUnion(CAPABILITY_IDS), description: Type.String() }, { additionalProperties: false })

export const PRODUCT_CATEGORY_IDS = [
  'siem', 'threat-intel', 'email-security', 'ndr', 'rf-security', 'cloud-firewall', 'itsm', 'edr', 'cloud-security', 'firewall',
] as const
export const ProductCategory = Type.Object({ id: literalUnion(PRODUCT_CATEGORY_IDS), description: Type.String() }, { additionalProperties: false })

export const ModuleTypeExternalReference = Type.Object({
  label: Type.Optional(Type.String()),
  link: Type.Optional(Type.String()),
  external_id: Type.Optional(Type.String()),
  class: Type.Optional(Type.String()),
}, { additionalProperties: false })

// What an org may set on a module type (POST, and PATCH where every field is optional).
const moduleTypeFields = {
  title: Type.String({ minLength: 1, maxLength: 1024 }),
  default_name: Type.String({ minLength: 1, maxLength: 1024 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  short_description: Type.Optional(Type.String({ maxLength: 5000 })),
  tips: Type.Optional(Type.String({ maxLength: 20_000 })),
  logo: Type.Optional(Type.String({ maxLength: 200_000 })),
  logo_dark: Type.Optional(Type.String({ maxLength: 200_000 })),
  app_link: Type.Optional(Type.String({ maxLength: 2000 })),
  app_link_meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  integration_id: Type.Optional(Type.String({ maxLength: 200 })),
  integration: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  'ocsf-product-uid': Type.Optional(Type.String({ maxLength: 200 })),
  configuration_spec: Type.Optional(Type.Array(ConfigurationSpecField, { maxItems: 200 })),
  capabilities: Type.Optional(Type.Array(Capability, { maxItems: 50 })),
  product_categories: Type.Optional(Type.Array(ProductCategory, { maxItems: 50 })),
  properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  external_references: Type.Optional(Type.Array(ModuleTypeExternalReference, { maxItems: 100 })),
  max_nb_instances: Type.Optional(Type.Integer({ minimum: 0 })),
  flags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
  enabled: Type.Optional(Type.Boolean()),
  former_title: Type.Optional(Type.String({ maxLength: 1024 })),
}

export const NewModuleTypeParams = Type.Object(moduleTypeFields, { additionalProperties: false })
export type NewModuleTypeParams = Static<typeof NewModuleTypeParams>

// PATCH: every field optional; null clears a field (title and default_name cannot be cleared).
export const PatchModuleTypeParams = Type.Object(Object.fromEntries(Object.entries(moduleTypeFields).map(([key, schema]) => {
  const required = Type.Optional(schema, false)
  return [key, Type.Optional(key === 'title' || key === 'default_name' ? required : Type.Union([required, Type.Null()]))]
})), { additionalProperties: false }) as TObject<Record<string, TOptional<TSchema>>>
export type PatchModuleTypeParams = Record<string, unknown>

export const ModuleType = Type.Object({
  ...moduleTypeFields,
  id: Type.String(),
  org_id: Type.String(),
  user_id: Type.String(),
  client_id: Type.String(),
  record: Type.String(),
  enabled: Type.Boolean(),
  visibility: literalUnion(['global', 'org'] as const),
  parent_id: Type.Optional(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.Optional(Type.String({ format: 'date-time' })),
  disable_automatic_health_check: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type ModuleType = Static<typeof ModuleType>
