// Cisco's CTIA Swagger (reduced copy in specs/ctia): the entity families, their schemas and their query parameters
// all come from it, so the service follows the Swagger rather than a hand-written list.
import spec from '../../../../specs/ctia/ctia.json' with { type: 'json' }

export type SwaggerSchema = { [keyword: string]: unknown }

export interface SwaggerParameter {
  name: string
  in: string
  required?: boolean
  type?: string
  enum?: unknown[]
  items?: { type?: string; enum?: unknown[] }
  schema?: { $ref?: string }
}

export interface SwaggerOperation {
  parameters?: SwaggerParameter[]
  responses: Record<string, { schema?: SwaggerSchema }>
}

export interface CtiaSpec {
  info: { title: string | null; version: string | null }
  paths: Record<string, Record<string, SwaggerOperation>>
  definitions: Record<string, SwaggerSchema>
}

export const CTIA_SPEC = spec as unknown as CtiaSpec
export const CTIA_VERSION = CTIA_SPEC.info.version ?? 'v2.71.0'
