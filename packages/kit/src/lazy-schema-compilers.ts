// Route schemas compiled on a route's first call instead of at boot, because compiling every route of five instances
// before they listen breaks the warm-start speed guard (BENCHMARKS.md, "Start"). Fastify's own compilers do the work
// with the same options, so requests validate and replies serialise as before; a broken schema fails on first call.
import { createRequire } from 'node:module'

interface RouteSchema {
  schema: unknown
  method?: string
  url?: string
  httpPart?: string
  httpStatus?: string
  contentType?: string
}
type Validator = ((data: unknown) => unknown) & { errors?: unknown }
type Serializer = (data: unknown) => string
type ValidatorFactory = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => Validator
type SerializerFactory = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => Serializer

// The compilers Fastify itself defaults to, resolved from Fastify's own dependencies (so the versions always match).
const fromFastify = createRequire(import.meta.resolve('fastify'))
const ajvCompiler = fromFastify('@fastify/ajv-compiler') as () => ValidatorFactory
const serializerCompiler = fromFastify('@fastify/fast-json-stringify-compiler') as () => SerializerFactory

/**
 * Fastify lower-cases header schemas itself, but not once a custom compiler is set; this does the same for the shape
 * route schemas use (an object's `properties` and `required`).
 */
function lowerCaseHeaders(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema
  const copy: Record<string | symbol, unknown> = { ...(schema as Record<string | symbol, unknown>) }
  if (copy.properties && typeof copy.properties === 'object') {
    copy.properties = Object.fromEntries(Object.entries(copy.properties).map(([key, value]) => [key.toLowerCase(), value]))
  }
  if (Array.isArray(copy.required)) copy.required = copy.required.map((key) => (typeof key === 'string' ? key.toLowerCase() : key))
  return copy
}

/** The `schemaController.compilersFactory` option of a Fastify instance: one set per instance, as Fastify's default. */
export function lazySchemaCompilers(): { buildValidator: ValidatorFactory; buildSerializer: SerializerFactory } {
  const buildValidator = ajvCompiler()
  const buildSerializer = serializerCompiler()
  return {
    buildValidator: (externalSchemas, options) => {
      const compile = buildValidator(externalSchemas, options)
      return (route) => {
        const target = route.httpPart === 'headers' ? { ...route, schema: lowerCaseHeaders(route.schema) } : route
        let validate: Validator | undefined
        const lazy: Validator = (data) => {
          validate ??= compile(target)
          const result = validate(data)
          // Fastify reads the errors off the function it was given.
          lazy.errors = validate.errors
          return result
        }
        return lazy
      }
    },
    buildSerializer: (externalSchemas, options) => {
      const compile = buildSerializer(externalSchemas, options)
      return (route) => {
        let serialize: Serializer | undefined
        return (data) => (serialize ??= compile(route))(data)
      }
    },
  }
}
