// CTIM's entity schemas as GraphQL object types, read from CTIA's Swagger definitions the way CTIA's own GraphQL reads
// them from CTIM: every field optional, dates as the DATE scalar, `id` as ID, enums as plain strings, and maps without
// a schema (and choices between schemas) as a String.
import {
  GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLScalarType, GraphQLString,
  type GraphQLFieldConfig, type GraphQLFieldConfigMap, type GraphQLOutputType,
} from 'graphql'
import { CTIA_SPEC, type SwaggerSchema } from '../../domain/ctia-spec.ts'

export type Doc = Record<string, unknown>
export type Fields<C = unknown> = GraphQLFieldConfigMap<Doc, C>

/** CTIA's DATE scalar: a CTIM date-time, kept as the ISO text the document holds. */
export const GraphQLDate = new GraphQLScalarType({
  name: 'DATE',
  description: 'Date',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => String(value),
})

const isFieldName = (key: string) => /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(key) && !key.startsWith('__')
const refName = (ref: unknown) => String(ref).replace('#/definitions/', '')
const pascal = (key: string) => key.split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')

// Where CTIA's GraphQL names a type otherwise than the Swagger: a weakness's note is CTIM's `Note`, so the Note
// entity (reached only through bundles) takes another name.
const GRAPHQL_NAMES: Record<string, string> = { WeaknessNote: 'Note', Note: 'NoteEntity' }

// The Swagger names a nested schema after its parent and field (`InvestigationTargets`) where CTIM names it once
// (`IdentitySpecification`): such a definition is CTIM's definition with the same fields.
const GENERATED = new Set(Object.entries(CTIA_SPEC.definitions)
  .flatMap(([name, definition]) => Object.keys((definition.properties ?? {}) as object).map((key) => `${name}${pascal(key)}`)))
const fieldsKey = (schema: SwaggerSchema) => Object.keys(schema.properties ?? {}).sort().join(',')
const DEFINITIONS_BY_FIELDS = new Map<string, string>()
for (const [name, definition] of Object.entries(CTIA_SPEC.definitions).sort(([a], [b]) => a.length - b.length || a.localeCompare(b))) {
  const key = fieldsKey(definition)
  if (!GENERATED.has(name) && definition.properties && !DEFINITIONS_BY_FIELDS.has(key)) DEFINITIONS_BY_FIELDS.set(key, name)
}

const hasFields = (schema: SwaggerSchema) => Object.keys(schema.properties ?? {}).some(isFieldName)
const namedLike = (schema: SwaggerSchema) => DEFINITIONS_BY_FIELDS.get(fieldsKey(schema))

/** A value CTIA's schema leaves open (a map, a choice of schemas), as text. */
const asText = (value: unknown) => (value === undefined || value === null || typeof value === 'string' ? value : JSON.stringify(value))

/**
 * Builds one object type per definition, once, with the fields each type adds beyond its schema (`extras`, given by
 * type name: connections, resolved references, ownership).
 */
export class ObjectTypes<C> {
  private readonly types = new Map<string, GraphQLObjectType>()

  constructor(private readonly extras: (typeName: string) => Fields<C> = () => ({})) {}

  /** The object type of a Swagger definition (`Judgement`, `ValidTime`). */
  of(definition: string): GraphQLObjectType {
    return this.object(definition, this.definition(definition))
  }

  private definition(name: string): SwaggerSchema {
    return CTIA_SPEC.definitions[name] ?? {}
  }

  private object(name: string, schema: SwaggerSchema): GraphQLObjectType {
    const known = this.types.get(name)
    if (known) return known
    const type = new GraphQLObjectType<Doc, C>({
      name: GRAPHQL_NAMES[name] ?? name,
      fields: () => ({ ...this.fieldsOf(name, schema), ...this.extras(name) }),
    })
    this.types.set(name, type)
    return type
  }

  private fieldsOf(parent: string, schema: SwaggerSchema): Fields<C> {
    const properties = (schema.properties ?? {}) as Record<string, SwaggerSchema>
    const fields: Fields<C> = {}
    for (const [key, property] of Object.entries(properties)) {
      if (!isFieldName(key)) continue
      fields[key] = this.field(`${parent}${pascal(key)}`, key, property)
    }
    return fields
  }

  private field(name: string, key: string, schema: SwaggerSchema): GraphQLFieldConfig<Doc, C> {
    const type = this.outputType(name, key, schema)
    return type ? { type } : { type: GraphQLString, resolve: (source: Doc) => asText(source[key]) }
  }

  /** The GraphQL type of a property, or undefined for one CTIA gives as a String of the value. */
  private outputType(name: string, key: string, schema: SwaggerSchema): GraphQLOutputType | undefined {
    if (schema.$ref) {
      const ref = refName(schema.$ref)
      const definition = this.definition(ref)
      if (definition.type !== 'object') return this.outputType(ref, key, definition)
      if (!hasFields(definition)) return undefined
      return this.of(GENERATED.has(ref) ? namedLike(definition) ?? ref : ref)
    }
    switch (schema.type) {
      case 'array': {
        const items = this.outputType(name, key, (schema.items ?? {}) as SwaggerSchema)
        return items ? new GraphQLList(items) : undefined
      }
      case 'object': {
        if (!hasFields(schema)) return undefined
        const named = namedLike(schema)
        return named ? this.of(named) : this.object(name, schema)
      }
      case 'integer': return GraphQLInt
      case 'number': return GraphQLFloat
      case 'boolean': return GraphQLBoolean
      case 'string': return schema.format === 'date-time' ? GraphQLDate : key === 'id' ? GraphQLID : GraphQLString
      default: return undefined
    }
  }
}
