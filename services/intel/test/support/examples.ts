// The smallest valid instance of a Swagger definition: required properties only, each value the simplest its schema
// allows (the first enum value, a fixed date for date-times, a long id for a reference). Contract exercises post these for every family.
import { CTIA_SPEC, type SwaggerSchema } from '../../src/domain/ctia-spec.ts'

export const EXAMPLE_TIME = '2026-03-02T10:00:00.000Z'
/** A reference as CTIM requires one (a long id): what a field CTIM types as a Reference gets. */
export const EXAMPLE_REF = 'https://private.intel.amp.cisco.com/ctia/judgement/judgement-00000000-0000-4000-8000-000000000001'
const REFERENCE_FIELDS = new Set(['source_ref', 'target_ref', 'asset_ref', 'entity_id', 'judgement_id'])

export function exampleOf(schema: SwaggerSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 12) return {}
  if (typeof schema.$ref === 'string') return exampleOf(CTIA_SPEC.definitions[schema.$ref.replace('#/definitions/', '')], depth + 1)
  if (Array.isArray(schema.enum)) return schema.enum[0]
  const alternatives = (schema['x-oneOf'] ?? schema.anyOf ?? schema.oneOf) as SwaggerSchema[] | undefined
  if (Array.isArray(alternatives) && alternatives[0]) return exampleOf(alternatives[0], depth + 1)
  switch (schema.type) {
    case 'string': return schema.format === 'date-time' ? EXAMPLE_TIME : 'example'
    case 'integer': case 'number': return typeof schema.minimum === 'number' ? schema.minimum : 1
    case 'boolean': return false
    case 'array': return typeof schema.minItems === 'number' && schema.minItems > 0 ? [exampleOf(schema.items as SwaggerSchema, depth + 1)] : []
    default: {
      const properties = (schema.properties ?? {}) as Record<string, SwaggerSchema>
      const required = (schema.required ?? []) as string[]
      return Object.fromEntries(required.map((name) => [name, REFERENCE_FIELDS.has(name) ? EXAMPLE_REF : exampleOf(properties[name], depth + 1)]))
    }
  }
}

export const exampleOfDefinition = (name: string) => exampleOf({ $ref: `#/definitions/${name}` })
