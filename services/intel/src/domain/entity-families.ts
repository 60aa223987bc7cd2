// The entity families CTIA serves, read from the Swagger: every path `/ctia/<type>` with a POST is one family, and
// what the Swagger declares for it (schemas, PATCH, expire, metrics, search fields) is what the engine offers.
import { CTIA_SPEC, type CtiaSpec, type SwaggerOperation } from './ctia-spec.ts'

export interface EntityFamily {
  /** The path segment and the entity's `type`: `judgement`, `asset-mapping`. */
  type: string
  /** Its key in bundles and bulk bodies: `judgements`, `asset_properties`. */
  plural: string
  newSchema: string
  /** The POST's 201 schema; an answer also has readSchema's fields and CTIA's own (entity-defaults.ts `present`). */
  schema: string
  /** The GET by id's schema: CTIA's stored entity, with owner, groups, created and modified. */
  readSchema?: string
  patchSchema?: string
  expire: boolean
  /** Whether CTIA gives it search routes (search, search/count, DELETE search) and PUT (`can-search?`, `can-update?`). */
  search: boolean
  update: boolean
  metrics: string[]
  /** Fields `fields`, `sort_by` and field filters may name. */
  fields: string[]
  /** Query parameters of its search that filter on a field of the same name. */
  filters: string[]
  /** For a family the Swagger defines but gives no routes: the family whose routes' parameters it takes. */
  borrowsFrom?: string
  /** What such a family declares in CTIA for itself, in place of its lender's search and metric parameters. */
  declared?: DeclaredParameters
}

/** A family's own search and metric parameters, as CTIA's entity definition declares them. */
export interface DeclaredParameters {
  /** Full-text fields `search_fields` may name. */
  searchFields: string[]
  /** For each metric route it has, the fields `aggregate-on` may name. */
  aggregateOn: Partial<Record<'histogram' | 'topn' | 'cardinality' | 'average', string[]>>
  /** The fields its list routes' `sort_by` may name, where they are its own rather than CTIA's default ones. */
  sortBy?: string[]
}

// Query parameters of a search that are not field filters.
const SEARCH_PARAMETERS = new Set([
  'query', 'simple_query', 'search_fields', 'from', 'to', 'sort_by', 'sort_order', 'limit', 'offset', 'search_after',
  'fields', 'wait_for', 'REALLY_DELETE_ALL_THESE_ENTITIES',
])

export function pluralOf(type: string): string {
  const snake = type.replaceAll('-', '_')
  if (snake.endsWith('ies')) return snake
  if (snake.endsWith('y')) return `${snake.slice(0, -1)}ies`
  if (snake.endsWith('s')) return `${snake}es`
  return `${snake}s`
}

function refName(ref: unknown): string | undefined {
  return typeof ref === 'string' ? ref.replace('#/definitions/', '') : undefined
}

function bodySchema(operation: SwaggerOperation | undefined): string | undefined {
  return refName(operation?.parameters?.find((p) => p.in === 'body')?.schema?.$ref)
}

function readFamilies(spec: CtiaSpec): EntityFamily[] {
  const families: EntityFamily[] = []
  for (const [path, item] of Object.entries(spec.paths)) {
    const type = /^\/ctia\/([a-z-]+)$/.exec(path)?.[1]
    if (!type || !item.post || !spec.paths[`/ctia/${type}/{id}`]) continue
    const search = spec.paths[`/ctia/${type}/search`]?.get
    const fieldsParam = search?.parameters?.find((p) => p.name === 'fields')
    const newSchema = bodySchema(item.post)
    const schema = refName(item.post.responses['201']?.schema?.$ref)
    if (!newSchema || !schema) continue
    const patchSchema = bodySchema(spec.paths[`/ctia/${type}/{id}`]?.patch)
    const readSchema = refName(spec.paths[`/ctia/${type}/{id}`]?.get?.responses['200']?.schema?.$ref)
    families.push({
      type, plural: pluralOf(type), newSchema, schema, ...(readSchema ? { readSchema } : {}),
      ...(patchSchema ? { patchSchema } : {}),
      expire: Boolean(spec.paths[`/ctia/${type}/{id}/expire`]?.post),
      search: Boolean(search), update: Boolean(spec.paths[`/ctia/${type}/{id}`]?.put),
      metrics: ['histogram', 'topn', 'cardinality', 'average'].filter((m) => spec.paths[`/ctia/${type}/metric/${m}`]),
      fields: (fieldsParam?.items?.enum ?? []).map(String),
      filters: (search?.parameters ?? []).filter((p) => p.in === 'query' && !SEARCH_PARAMETERS.has(p.name)).map((p) => p.name),
    })
  }
  return families.sort((a, b) => a.type.localeCompare(b.type))
}

// CTIM families the Swagger of CTIA v2.71 defines (and lists in bundle exports) without routes of their own; the
// SDK calls them at /ctia/<type> like the others. They are validated against their one definition and take the
// query parameters of tool's routes.
const DEFINED_WITHOUT_ROUTES: Record<string, string> = {
  'data-table': 'DataTable', feedback: 'Feedback', 'identity-assertion': 'IdentityAssertion', weakness: 'Weakness',
}

// Identity assertions have routes of their own in CTIA (ctia.entity.identity-assertion: its search parameters,
// sort fields, searchable fields, enumerable and histogram fields), just not in the v2.71 Swagger.
const IDENTITY_ASSERTION: Pick<EntityFamily, 'filters' | 'fields' | 'metrics'> & { declared: DeclaredParameters } = {
  filters: ['id', 'revision', 'language', 'tlp', 'source', 'identity.observables.type', 'identity.observables.value', 'assertions.name', 'assertions.value'],
  fields: ['id', 'schema_version', 'revision', 'timestamp', 'language', 'tlp', 'valid_time.start_time', 'valid_time.end_time'],
  metrics: ['histogram', 'topn', 'cardinality'],
  declared: {
    searchFields: ['id', 'source', 'assertions.name', 'assertions.value', 'identity.observables.type', 'identity.observables.value'],
    aggregateOn: {
      histogram: ['timestamp', 'valid_time.start_time', 'valid_time.end_time'],
      topn: ['identity.observables.value', 'identity.observables.type'],
      cardinality: ['identity.observables.value', 'identity.observables.type'],
    },
  },
}
// Weaknesses too (ctia.entity.weakness: base and source filters, its sort fields, searchable, enumerable and
// histogram fields).
const WEAKNESS_ENUMERABLE = [
  'source', 'detection_methods.method', 'architectures.name', 'architectures.class', 'languages.name', 'languages.class',
  'paradigms.name', 'functional_areas', 'operating_systems.name', 'operating_systems.class', 'likelihood',
  'technologies.name', 'technologies.prevalence',
]
const WEAKNESS: typeof IDENTITY_ASSERTION = {
  filters: ['id', 'revision', 'language', 'tlp', 'source'],
  fields: [
    'id', 'schema_version', 'revision', 'timestamp', 'language', 'tlp', 'source', 'source_uri', 'detection_methods.method',
    'background_details', 'architectures.name', 'architectures.class', 'affected_resources', 'languages.name',
    'languages.class', 'paradigms.name', 'functional_areas', 'operating_systems.name', 'operating_systems.version',
    'operating_systems.class', 'operating_systems.cpe_id', 'likelihood', 'technologies.name', 'technologies.prevalence',
  ],
  metrics: ['histogram', 'topn', 'cardinality'],
  declared: {
    searchFields: ['id', 'source', 'description', 'short_description', 'title'],
    aggregateOn: { histogram: ['timestamp'], topn: WEAKNESS_ENUMERABLE, cardinality: WEAKNESS_ENUMERABLE },
  },
}
// Feedback and data tables have neither search, metric nor PUT routes in CTIA (ctia.entity.feedback and
// ctia.entity.data-table: `can-search? false`, `can-update? false`); feedback is listed by the entity it is about
// (routes/feedback.ts), and its list routes sort by its own fields.
const DEFAULT_SORT_FIELDS = ['id', 'schema_version', 'revision', 'timestamp', 'language', 'tlp', 'source', 'source_uri', 'title']
const FEEDBACK_FIELDS = ['id', 'schema_version', 'revision', 'timestamp', 'language', 'tlp', 'source', 'source_uri', 'entity_id', 'feedback', 'reason']
const WITHOUT_SEARCH = { filters: [], metrics: [], search: false, update: false }
const FEEDBACK: Partial<EntityFamily> = {
  ...WITHOUT_SEARCH, fields: FEEDBACK_FIELDS, declared: { searchFields: [], aggregateOn: {}, sortBy: FEEDBACK_FIELDS },
}
const DATA_TABLE: Partial<EntityFamily> = { ...WITHOUT_SEARCH, fields: DEFAULT_SORT_FIELDS, declared: { searchFields: [], aggregateOn: {} } }
const DECLARED: Record<string, Partial<EntityFamily>> = {
  'identity-assertion': IDENTITY_ASSERTION, weakness: WEAKNESS, feedback: FEEDBACK, 'data-table': DATA_TABLE,
}

function definedWithoutRoutes(spec: CtiaSpec): EntityFamily[] {
  return Object.entries(DEFINED_WITHOUT_ROUTES)
    .filter(([type, definition]) => spec.definitions[definition] && !spec.paths[`/ctia/${type}`])
    .map(([type, definition]) => ({
      type, plural: pluralOf(type), newSchema: definition, schema: definition, expire: false, borrowsFrom: 'tool',
      search: true, update: true, metrics: [], fields: [], filters: [], ...DECLARED[type],
    }))
}

/** A family defined without routes takes the search filters and metrics of the family whose routes it borrows, unless it declares its own. */
function withLenders(families: EntityFamily[]): EntityFamily[] {
  return families.map((family) => {
    const lender = family.borrowsFrom ? families.find((f) => f.type === family.borrowsFrom) : undefined
    return lender && !family.declared ? { ...family, filters: lender.filters, metrics: lender.metrics } : family
  })
}

export const ENTITY_FAMILIES: EntityFamily[] = withLenders([...readFamilies(CTIA_SPEC), ...definedWithoutRoutes(CTIA_SPEC)]).sort((a, b) => a.type.localeCompare(b.type))
const BY_TYPE = new Map(ENTITY_FAMILIES.map((family) => [family.type, family]))
const BY_PLURAL = new Map(ENTITY_FAMILIES.map((family) => [family.plural, family]))

export const familyOf = (type: string): EntityFamily | undefined => BY_TYPE.get(type)
export const familyOfPlural = (plural: string): EntityFamily | undefined => BY_PLURAL.get(plural)
