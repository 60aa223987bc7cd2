// Values from a route's JSON schema: a plausible sample, and values each violating the schema in one place.
import type { JsonSchema } from './openapi.ts'

export function typeOf(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
    const types = new Set(schema.anyOf.map((s: JsonSchema) => typeOf(s)))
    return types.size === 1 ? [...types][0] : undefined
  }
  return undefined
}

function enumValues(schema: JsonSchema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum
  if (schema.const !== undefined) return [schema.const]
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((s: JsonSchema) => Array.isArray(s.enum) || s.const !== undefined)) {
    return schema.anyOf.flatMap((s: JsonSchema) => enumValues(s) ?? [])
  }
  return undefined
}

/** A value that satisfies the simple parts of the schema (patterns are not inverted: a sample may still be refused). */
export function sample(schema: JsonSchema = {}, depth = 0): unknown {
  const choices = enumValues(schema)
  if (choices) return choices[0]
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return sample(schema.anyOf[0], depth)
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of schema.required ?? []) out[key] = depth > 4 ? {} : sample(schema.properties?.[key], depth + 1)
      return out
    }
    case 'array': return schema.minItems ? Array.from({ length: schema.minItems }, () => sample(schema.items, depth + 1)) : []
    case 'integer': case 'number': return schema.minimum ?? 1
    case 'boolean': return true
    case 'string':
      if (schema.format === 'date-time') return '2024-01-01T00:00:00.000Z'
      if (schema.format === 'email') return 'fuzz@example.com'
      if (schema.format === 'uri') return 'http://127.0.0.1:9/'
      return 'f'.repeat(Math.max(1, schema.minLength ?? 1))
    default: return 'fuzz'
  }
}

export interface Violation {
  label: string
  value: unknown
}

/** Values that are not of the schema's type and that Ajv's coercion cannot turn into it. */
export function wrongTypes(schema: JsonSchema): Violation[] {
  const choices = enumValues(schema)
  if (choices && choices.every((c) => typeof c === 'string')) return [{ label: 'not one of the choices', value: 'fuzz-not-a-choice' }, { label: 'object for enum', value: { a: 1 } }]
  switch (typeOf(schema)) {
    case 'string': {
      const out: Violation[] = [{ label: 'object for string', value: { a: 1 } }, { label: 'two-item array for string', value: ['a', 'b'] }]
      if (schema.maxLength !== undefined) out.push({ label: `longer than maxLength ${schema.maxLength}`, value: 'x'.repeat(schema.maxLength + 1) })
      if (schema.minLength) out.push({ label: 'shorter than minLength', value: '' })
      if (schema.format === 'date-time') out.push({ label: 'not a date-time', value: '2024-13-45T99:99:99Z' })
      return out
    }
    case 'integer': case 'number': {
      const out: Violation[] = [{ label: 'word for number', value: 'twelve' }, { label: 'object for number', value: { n: 1 } }]
      if (schema.type === 'integer') out.push({ label: 'fraction for integer', value: 1.5 })
      if (schema.minimum !== undefined) out.push({ label: 'below minimum', value: schema.minimum - 1 })
      if (schema.maximum !== undefined) out.push({ label: 'above maximum', value: schema.maximum + 1 })
      return out
    }
    case 'boolean': return [{ label: 'word for boolean', value: 'maybe' }, { label: 'object for boolean', value: {} }]
    case 'object': return [{ label: 'string for object', value: 'fuzz' }, { label: 'array for object', value: [1, 2] }, { label: 'number for object', value: 42 }]
    case 'array': {
      const out: Violation[] = [{ label: 'object for array', value: { a: 1 } }]
      if (schema.maxItems !== undefined) out.push({ label: `more than maxItems ${schema.maxItems}`, value: Array.from({ length: schema.maxItems + 1 }, () => sample(schema.items)) })
      return out
    }
    default: return []
  }
}

/** Whether a body must be refused whenever it lacks what the schema demands (required fields, no extra ones). */
export function isStrictObject(schema: JsonSchema | undefined): boolean {
  return Boolean(schema && typeOf(schema) === 'object' && ((schema.required?.length ?? 0) > 0 || schema.additionalProperties === false))
}

/** Bodies that each break the schema in exactly one place: a wrong type, a missing field, an extra field (nested too). */
export function bodyViolations(schema: JsonSchema, depth = 0): Violation[] {
  const out: Violation[] = wrongTypes(schema).map((v) => ({ label: `body: ${v.label}`, value: v.value }))
  if (depth > 3) return out
  const type = typeOf(schema)
  if (type === 'object') {
    const base = sample(schema) as Record<string, unknown>
    for (const key of schema.required ?? []) {
      const { [key]: _, ...rest } = base
      out.push({ label: `missing ${key}`, value: rest })
    }
    if (schema.additionalProperties === false) out.push({ label: 'unknown field', value: { ...base, fuzzUnknownField: 1 } })
    for (const [key, child] of Object.entries<JsonSchema>(schema.properties ?? {})) {
      for (const v of bodyViolations(child, depth + 1)) out.push({ label: `${key}.${v.label.replace(/^body: /, '')}`, value: { ...base, [key]: v.value } })
    }
  } else if (type === 'array' && schema.items && typeOf(schema.items)) {
    for (const v of bodyViolations(schema.items, depth + 1)) out.push({ label: `[0].${v.label.replace(/^body: /, '')}`, value: [v.value] })
  }
  return out
}
