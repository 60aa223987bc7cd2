// Route schemas compiled on first use instead of at boot. Fastify compiles every route's Ajv validators and
// fast-json-stringify serializers before it listens: for the five instances of the embedded stack that was the largest
// share of the cold start (about 1.5 s of CPU on 2 cores, BENCHMARKS.md), and a test run calls few of the routes.
// Fastify's own compilers do the work, with the same options, only later: a request validates and a reply serialises
// exactly as before. The price: a broken schema fails on the route's first call (a 500) instead of at boot.
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
