// CTIA's GraphQL schema (`POST /ctia/graphql`): the root's entity fields (one by id, a connection of a Lucene search),
// `observable` with its verdict, judgements and sightings, and on each entity its feedbacks, the relationships it is
// the source of (with their source and target entities) and its ownership and record times.
import {
  GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLUnionType,
  type GraphQLFieldConfig, type GraphQLFieldConfigArgumentMap,
} from 'graphql'
import type { Actor, IntelContext } from '../../domain/context.ts'
import { ENTITY_FAMILIES, familyOf, type EntityFamily } from '../../domain/entity-families.ts'
import { findEntity } from '../../domain/entities.ts'
import { typeOfId } from '../../domain/entity-ids.ts'
import { searchEntities } from '../../domain/entity-search.ts'
import { CtiaError } from '../../domain/errors.ts'
import { observableEntities, observableVerdict } from '../../domain/observables.ts'
import { relationshipsFrom } from '../../domain/relationships.ts'
import type { SearchPage, SearchParams } from '../../domain/search.ts'
import {
  Connections, connectionArguments, connectionFrom, luceneQueryArgument, orderByArgument, pagingOf, searchOf,
  type ConnectionArgs,
} from './connections.ts'
import { GraphQLDate, ObjectTypes, type Doc, type Fields } from './object-types.ts'

export interface GraphqlContext { ctx: IntelContext; actor: Actor }
type Resolver = GraphQLFieldConfig<Doc, GraphqlContext>['resolve']

// The entities CTIA's GraphQL root offers, and those whose types also list their feedbacks and relationships.
const ROOT_TYPES = ['asset', 'asset-mapping', 'asset-properties', 'attack-pattern', 'casebook', 'incident', 'indicator', 'investigation', 'judgement', 'malware', 'sighting', 'target-record', 'tool', 'vulnerability', 'weakness']
const PLAIN_TYPES = new Set(['casebook', 'investigation', 'feedback', 'relationship'])
// What a relationship's `source_entity` and `target_entity` may be.
const ENTITY_UNION_TYPES = ['attack-pattern', 'judgement', 'malware', 'incident', 'indicator', 'sighting', 'tool', 'vulnerability', 'weakness']
// The sort fields every entity has, for the families whose search the Swagger does not describe.
const BASE_SORT_FIELDS = ['id', 'schema_version', 'revision', 'timestamp', 'language', 'tlp', 'source', 'source_uri']

const raw = (doc: Doc) => doc
const family = (type: string) => familyOf(type)!
const rootName = (type: string) => type.replaceAll('-', '_')

/** The entity an id names, or null when the org has none (CTIA answers null, not an error). */
async function entityOrNull(context: GraphqlContext, of: EntityFamily, id: string): Promise<Doc | null> {
  try {
    return (await findEntity(context.ctx, context.actor, of, id)).document
  } catch (error) {
    if (error instanceof CtiaError && error.status === 404) return null
    throw error
  }
}

const timeAndOwnership: Fields<GraphqlContext> = {
  created: { type: GraphQLDate, description: 'CTIA Record creation date' },
  modified: { type: GraphQLDate, description: 'CTIA Record last modification date' },
  owner: { type: GraphQLString, description: 'CTIA Record Owner' },
  groups: { type: new GraphQLList(GraphQLString), description: 'CTIA Record Groups' },
}

class CtiaGraphql {
  private readonly connections = new Connections()
  private readonly byTypeName = new Map(ENTITY_FAMILIES.map((f) => [f.schema, f]))
  private readonly types = new ObjectTypes<GraphqlContext>((name) => this.extras(name))

  private readonly orders = new Map<string, GraphQLFieldConfigArgumentMap>()

  /** `orderBy`, one input type per family (`JudgementOrder`) however many fields take it. */
  private orderBy(of: EntityFamily): GraphQLFieldConfigArgumentMap {
    let order = this.orders.get(of.type)
    if (!order) {
      order = orderByArgument(`${of.schema}Order`, of.plural.replaceAll('_', '-'), of.fields.length > 0 ? of.fields : BASE_SORT_FIELDS)
      this.orders.set(of.type, order)
    }
    return order
  }

  private connection(of: EntityFamily, args: GraphQLFieldConfigArgumentMap, resolve: (context: GraphqlContext, params: SearchParams, source: Doc, args: Record<string, unknown>) => Promise<SearchPage>): GraphQLFieldConfig<Doc, GraphqlContext> {
    return {
      type: this.connections.of(this.types.of(of.schema)),
      args: { ...args, ...connectionArguments, ...this.orderBy(of) },
      resolve: async (source, given, context) => {
        const paging = pagingOf(given as ConnectionArgs)
        const query = typeof given.query === 'string' ? { query: given.query } : {}
        return connectionFrom(await resolve(context, searchOf(paging, query), source, given), paging)
      },
    }
  }

  private byId(of: EntityFamily, id: (source: Doc, args: Record<string, unknown>) => unknown): Resolver {
    return async (source, args, context) => {
      const wanted = id(source, args)
      return typeof wanted === 'string' ? entityOrNull(context, of, wanted) : null
    }
  }

  private readonly entityUnion = new GraphQLUnionType({
    name: 'Entity',
    types: () => ENTITY_UNION_TYPES.map((type) => this.types.of(family(type).schema)),
    resolveType: (doc: Doc) => familyOf(String(doc.type))?.schema,
  })

  private referenced(field: 'source_ref' | 'target_ref'): GraphQLFieldConfig<Doc, GraphqlContext> {
    return {
      type: this.entityUnion,
      resolve: async (source, _args, context) => {
        const type = typeOfId(String(source[field] ?? ''))
        return type && ENTITY_UNION_TYPES.includes(type) ? entityOrNull(context, family(type), String(source[field])) : null
      },
    }
  }

  private judgementField(): GraphQLFieldConfig<Doc, GraphqlContext> {
    return { type: this.types.of('Judgement'), description: 'The related Judgement', resolve: this.byId(family('judgement'), (source) => source.judgement_id) }
  }

  private observableFields(): Fields<GraphqlContext> {
    const observable = (source: Doc) => ({ type: String(source.type), value: String(source.value) })
    return {
      verdict: { type: this.types.of('Verdict'), resolve: async (source, _args, { ctx, actor }: GraphqlContext) => (await observableVerdict(ctx, actor, observable(source))) ?? null },
      judgements: this.connection(family('judgement'), {}, ({ ctx, actor }, params, source) => observableEntities(ctx, actor, 'judgement', observable(source), params, raw)),
      sightings: this.connection(family('sighting'), {}, ({ ctx, actor }, params, source) => observableEntities(ctx, actor, 'sighting', observable(source), params, raw)),
    }
  }

  private relatableFields(): Fields<GraphqlContext> {
    const filterArgs: GraphQLFieldConfigArgumentMap = {
      ...luceneQueryArgument,
      owner: { type: GraphQLString },
      groups: { type: new GraphQLList(GraphQLString) },
      relationship_type: { type: GraphQLString, description: 'restrict to Relations with the specified relationship_type.' },
      target_type: { type: GraphQLString, description: 'restrict to Relationships whose target is of the specified CTIM entity type.' },
    }
    return {
      feedbacks: this.connection(family('feedback'), {}, ({ ctx, actor }, params, source) =>
        searchEntities(ctx, actor, family('feedback'), { ...params, filters: { entity_id: String(source.id) } }, raw)),
      relationships: this.connection(family('relationship'), filterArgs, ({ ctx, actor }, params, source, args) =>
        relationshipsFrom(ctx, actor, String(source.id), {
          ...(typeof args.relationship_type === 'string' ? { relationshipType: args.relationship_type } : {}),
          ...(typeof args.target_type === 'string' ? { targetType: args.target_type } : {}),
        }, params)),
    }
  }

  private assetFields(): Fields<GraphqlContext> {
    const byAsset = (type: string): GraphQLFieldConfig<Doc, GraphqlContext> => this.connection(family(type), {}, ({ ctx, actor }, params, source) =>
      searchEntities(ctx, actor, family(type), { ...params, filters: { asset_ref: String(source.id) } }, raw))
    return { asset_mappings: byAsset('asset-mapping'), asset_properties: byAsset('asset-properties') }
  }

  private extras(typeName: string): Fields<GraphqlContext> {
    if (typeName === 'Observable') return this.observableFields()
    if (typeName === 'Verdict' || typeName === 'RelatedJudgement') return { judgement: this.judgementField() }
    const of = this.byTypeName.get(typeName)
    if (!of) return {}
    if (of.type === 'relationship') return { source_entity: this.referenced('source_ref'), target_entity: this.referenced('target_ref'), owner: timeAndOwnership.owner!, groups: timeAndOwnership.groups! }
    const assets = of.type === 'asset' ? this.assetFields() : {}
    return { ...(PLAIN_TYPES.has(of.type) ? {} : this.relatableFields()), ...assets, ...timeAndOwnership }
  }

  private rootFields(): Fields<GraphqlContext> {
    const fields: Fields<GraphqlContext> = {}
    for (const type of ROOT_TYPES.filter((t) => familyOf(t))) {
      const of = family(type)
      if (rootName(type) !== of.plural) {
        fields[rootName(type)] = { type: this.types.of(of.schema), args: { id: { type: new GraphQLNonNull(GraphQLString) } }, resolve: this.byId(of, (_source, args) => args.id) }
      }
      fields[of.plural] = this.connection(of, luceneQueryArgument, ({ ctx, actor }, params) => searchEntities(ctx, actor, of, params, raw))
    }
    fields.observable = {
      type: this.types.of('Observable'),
      args: { type: { type: new GraphQLNonNull(GraphQLString) }, value: { type: new GraphQLNonNull(GraphQLString) } },
      resolve: (_source, args) => args,
    }
    return fields
  }

  schema(): GraphQLSchema {
    return new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Root', fields: () => this.rootFields() }) })
  }
}

let built: GraphQLSchema | undefined

/** The schema, built on first use: it reads only CTIA's Swagger, so every app in a process shares it. */
export function ctiaGraphqlSchema(): GraphQLSchema {
  built ??= new CtiaGraphql().schema()
  return built
}
