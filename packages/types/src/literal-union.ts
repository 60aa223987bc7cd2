// A string vocabulary (observable types, TLP, regions, ...) built from a `const` list, so each Cisco vocabulary is
// written down once. The schema is `{type: 'string', enum: [...]}`, not an anyOf of consts: fast-json-stringify would
// test each anyOf branch with Ajv on every answer, and OpenAPI shows an enum as the list of values. TypeBox's
// Value.Check knows the schema through the registered kind.
import { Kind, Type, TypeRegistry, type SchemaOptions, type TUnsafe } from '@sinclair/typebox'

const KIND = 'LiteralUnion'

if (!TypeRegistry.Has(KIND)) {
  TypeRegistry.Set<{ enum: readonly string[] }>(KIND, (schema, value) => typeof value === 'string' && schema.enum.includes(value))
}

export type TLiteralUnion<T extends readonly string[]> = TUnsafe<T[number]>

export function literalUnion<const T extends readonly string[]>(values: T, options?: SchemaOptions): TLiteralUnion<T> {
  return Type.Unsafe<T[number]>({ ...options, [Kind]: KIND, type: 'string', enum: [...values] })
}
