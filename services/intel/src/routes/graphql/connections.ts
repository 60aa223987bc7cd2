// Relay connections as CTIA's GraphQL pages them: an opaque cursor that is the base64 of a hit's offset, `first`
// (50 by default) and `after` forwards, `last` and `before` backwards, `orderBy` as a search's `sort_by`.
import {
  GraphQLBoolean, GraphQLEnumType, GraphQLError, GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType,
  GraphQLString, type GraphQLFieldConfigArgumentMap,
} from 'graphql'
import type { SearchPage, SearchParams } from '../../domain/search.ts'
import type { Doc } from './object-types.ts'

export const DEFAULT_FIRST = 50

const PageInfo = new GraphQLObjectType({
  name: 'PageInfo',
  fields: {
    hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
    hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
    startCursor: { type: GraphQLString },
    endCursor: { type: GraphQLString },
  },
})

const OrderDirection = new GraphQLEnumType({
  name: 'OrderDirection',
  description: 'Possible directions in which to order a list of items when provided an orderBy argument.',
  values: { asc: { value: 'asc' }, desc: { value: 'desc' } },
})

export const connectionArguments: GraphQLFieldConfigArgumentMap = {
  after: { type: GraphQLString },
  first: { type: GraphQLInt, defaultValue: DEFAULT_FIRST },
  before: { type: GraphQLString },
  last: { type: GraphQLInt },
}

export const luceneQueryArgument: GraphQLFieldConfigArgumentMap = {
  query: { type: GraphQLString, description: 'A Lucene query string, will only return nodes matching it.', defaultValue: '*' },
}

/** `orderBy: [{field, direction}]`, the fields being those a search of the family sorts by (`VALID_TIME_START_TIME`);
 * a field whose name cannot be an enum value's is left out. */
export function orderByArgument(typeName: string, items: string, fields: string[]): GraphQLFieldConfigArgumentMap {
  const field = new GraphQLEnumType({
    name: `${typeName}Field`,
    description: `Ordering options for ${items} returned from the connection`,
    values: Object.fromEntries(fields.map((name) => [name.toUpperCase().replaceAll('.', '_'), { value: name }]).filter(([key]) => /^[_A-Z][_A-Z0-9]*$/.test(key as string))),
  })
  const order = new GraphQLInputObjectType({
    name: typeName,
    description: `Ways in which lists of ${items} can be ordered upon return.`,
    fields: { field: { type: new GraphQLNonNull(field) }, direction: { type: new GraphQLNonNull(OrderDirection) } },
  })
  return { orderBy: { type: new GraphQLList(new GraphQLNonNull(order)), description: `Allows specifying the order in which ${items} are returned.` } }
}

/** `<Type>Connection` types, one per node type, named as CTIA names them (`AttackPattern` gives `AttackpatternConnection`). */
export class Connections {
  private readonly types = new Map<string, GraphQLObjectType>()

  of(node: GraphQLObjectType): GraphQLObjectType {
    const name = node.name.charAt(0).toUpperCase() + node.name.slice(1).toLowerCase()
    const known = this.types.get(name)
    if (known) return known
    const edge = new GraphQLObjectType({
      name: `${name}Edge`,
      description: 'An edge in a connection.',
      fields: { node: { type: node }, cursor: { type: new GraphQLNonNull(GraphQLString) } },
    })
    const connection = new GraphQLObjectType({
      name: `${name}Connection`,
      description: `A connection to a list of ${name}`,
      fields: {
        pageInfo: { type: new GraphQLNonNull(PageInfo) },
        totalCount: { type: GraphQLInt },
        edges: { type: new GraphQLList(edge) },
        nodes: { type: new GraphQLList(node) },
      },
    })
    this.types.set(name, connection)
    return connection
  }
}

export interface ConnectionArgs {
  first?: number | null
  last?: number | null
  after?: string | null
  before?: string | null
  orderBy?: Array<{ field: string; direction: string }> | null
}

export interface Paging {
  forward: boolean
  backward: boolean
  limit: number
  offset: number
  sort_by?: string
}

export const cursorOf = (offset: number) => Buffer.from(String(offset)).toString('base64')

/** A cursor's offset; CTIA reads a cursor it cannot decode as 0. */
function offsetOf(cursor: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8')
  return /^-?\d+$/.test(text) ? Number(text) : 0
}

/** The limit and offset a connection's arguments ask for; each refusal is CTIA's. */
export function pagingOf(args: ConnectionArgs): Paging {
  const backward = (args.last ?? args.before ?? undefined) !== undefined
  const forward = (args.first ?? args.after ?? undefined) !== undefined || !backward
  if (forward && backward) throw new GraphQLError('cursor-based pagination cannot be forwards AND backwards')
  if ((forward && (args.first ?? 0) < 0) || (backward && (args.last ?? 0) < 0)) throw new GraphQLError('paging limit must be positive')
  if (args.last != null && args.before == null) throw new GraphQLError("when paging backwards, a 'before' argument is required")
  const sort = args.orderBy?.length ? { sort_by: args.orderBy.map((o) => `${o.field}:${o.direction}`).join(',') } : {}
  if (forward) return { forward, backward, limit: args.first ?? DEFAULT_FIRST, offset: args.after ? offsetOf(args.after) + 1 : 0, ...sort }
  const before = offsetOf(args.before!)
  const offset = before - args.last!
  return { forward, backward, ...(offset < 0 ? { limit: Math.max(args.last! + offset, 0), offset: 0 } : { limit: args.last!, offset }), ...sort }
}

/** The search parameters of one page. */
export function searchOf(paging: Paging, params: SearchParams = {}): SearchParams {
  return { ...params, limit: paging.limit, offset: paging.offset, ...(paging.sort_by ? { sort_by: paging.sort_by } : {}) }
}

export interface Connection {
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
  totalCount: number
  edges: Array<{ cursor: string; node: Doc }>
  nodes: Doc[]
}

export function connectionFrom(page: SearchPage, paging: Paging): Connection {
  const edges = page.hits.map((node, index) => ({ cursor: cursorOf(paging.offset + index), node }))
  const next = page.next !== undefined
  const previous = page.previous !== undefined
  return {
    pageInfo: {
      hasNextPage: (paging.forward && next) || (paging.backward && previous),
      hasPreviousPage: (paging.forward && previous) || (paging.backward && next),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: page.total,
    edges,
    nodes: page.hits,
  }
}
