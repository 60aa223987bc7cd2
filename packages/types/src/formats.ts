// String formats the schemas use, registered with TypeBox so Value.Check agrees with Fastify's Ajv (ajv-formats).
import { FormatRegistry } from '@sinclair/typebox'

// RFC 3339 date-time, as CTIM and IROH send it: 2023-02-09T17:03:03.999Z, 2024-01-01T10:00:00+02:00.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/

export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
}

if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime)
