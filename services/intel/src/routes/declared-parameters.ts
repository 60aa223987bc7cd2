// The query parameters of a family that borrows another's routes but declares its own search and metric fields in
// CTIA (identity assertions, weaknesses): the lender's Swagger parameters, with the lender's field filters and field
// enums replaced by the family's, so a tool-only field is refused as CTIA refuses any field its schema does not list.
import type { SwaggerParameter } from '../domain/ctia-spec.ts'
import type { EntityFamily } from '../domain/entity-families.ts'
import type { MetricKind } from '../domain/metrics.ts'

function withEnum(parameter: SwaggerParameter, values: string[]): SwaggerParameter {
  return parameter.type === 'array' ? { ...parameter, items: { ...parameter.items, enum: values } } : { ...parameter, enum: values }
}

/** Rewrites a lender's operation parameters for `family`; `metric` names the metric route, whose `aggregate-on` it sets. */
export function declaredParameters(family: EntityFamily, lender: EntityFamily, metric?: MetricKind): ((parameters: SwaggerParameter[]) => SwaggerParameter[]) | undefined {
  const declared = family.declared
  if (!declared) return undefined
  return (parameters) => {
    const isLenderFilter = (p: SwaggerParameter) => p.in === 'query' && lender.filters.includes(p.name)
    const own = parameters.filter((p) => !isLenderFilter(p)).map((p) => {
      if (p.in !== 'query') return p
      if (p.name === 'fields') return withEnum(p, family.fields)
      if (p.name === 'search_fields') return withEnum(p, declared.searchFields)
      if (p.name === 'sort_by' && p.enum && declared.sortBy) return withEnum(p, declared.sortBy)
      if (p.name === 'aggregate-on' && metric) return withEnum(p, declared.aggregateOn[metric] ?? [])
      return p
    })
    if (!parameters.some(isLenderFilter)) return own
    // A filter the lender also has keeps its Swagger type (revision is an integer); the family's own are strings.
    const filters = family.filters.map((name) => parameters.find((p) => p.in === 'query' && p.name === name) ?? { in: 'query', name, required: false, type: 'string' })
    return [...own, ...filters]
  }
}
