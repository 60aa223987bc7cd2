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
      name,
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
    if (schema.$ref) return this.outputType(refName(schema.$ref), key, this.definition(refName(schema.$ref)))
    switch (schema.type) {
      case 'array': {
        const items = this.outputType(name, key, (schema.items ?? {}) as SwaggerSchema)
        return items ? new GraphQLList(items) : undefined
      }
      case 'object': return Object.keys(schema.properties ?? {}).some(isFieldName) ? this.object(name, schema) : undefined
      case 'integer': return GraphQLInt
      case 'number': return GraphQLFloat
      case 'boolean': return GraphQLBoolean
      case 'string': return schema.format === 'date-time' ? GraphQLDate : key === 'id' ? GraphQLID : GraphQLString
      default: return undefined
    }
  }
}
