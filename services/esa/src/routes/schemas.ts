// Schema pieces the AsyncOS routes share.
import { Type, type TSchema } from '@sinclair/typebox'
import { CONFIG_MODES, ConfigChangeResponse } from '@ctrmock/types'

/** An enum rather than a literal union: a bad value then reads "must be equal to one of the allowed values". */
export const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) })

/** The scope every /config change may name: device_type, and which appliances of a cluster it applies to. */
export const ConfigScopeQuery = Type.Object({
  device_type: Type.Optional(Type.String({ maxLength: 20 })),
  mode: Type.Optional(oneOf(CONFIG_MODES)),
  host_name: Type.Optional(Type.String({ maxLength: 255 })),
  group_name: Type.Optional(Type.String({ maxLength: 255 })),
})
export const ConfigNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) })

/** A /config request body: the fields inside AsyncOS's `data` envelope. */
export const dataOf = <T extends TSchema>(fields: T) => Type.Object({ data: fields })

/** A /config route's schema: the AsyncOS API's tag, its summary, the scope query, and what else it declares. */
export const configSchema = <E extends object = object>(summary: string, extra: E = {} as E) =>
  ({ tags: ['AsyncOS API'], summary, querystring: ConfigScopeQuery, ...extra })

/** The same, for a route on one named list: /config/<lists>/{name}. */
export const namedConfigSchema = <E extends object = object>(summary: string, extra: E = {} as E) =>
  configSchema(summary, { params: ConfigNameParams, ...extra })

/** What a /config change answers: 201 for an add, 200 for a change or delete. */
export const CONFIG_CHANGED = { 200: ConfigChangeResponse, 201: ConfigChangeResponse }
