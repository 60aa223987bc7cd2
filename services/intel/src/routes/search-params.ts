// Reads a search's parameters (query, filters, window, sort, paging, fields) and writes CTIA's paging headers.
import type { EntityFamily } from '../domain/entity-families.ts'
import type { SearchPage, SearchParams } from '../domain/search.ts'
import type { OperationResult, QueryValue } from './operation.ts'

const str = (value: QueryValue | undefined) => (value === undefined ? undefined : String(value))
const strings = (value: QueryValue | undefined) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String))

export function searchParams(query: Record<string, QueryValue>, family?: EntityFamily): SearchParams {
  const filters: Record<string, string> = {}
  for (const name of family?.filters ?? []) if (query[name] !== undefined) filters[name] = String(query[name])
  const params: SearchParams = { filters }
  const set = <K extends keyof SearchParams>(key: K, value: SearchParams[K] | undefined) => {
    if (value !== undefined) params[key] = value
  }
  set('query', str(query.query))
  set('simple_query', str(query.simple_query))
  set('from', str(query.from))
  set('to', str(query.to))
  set('sort_by', str(query.sort_by))
  set('sort_order', str(query.sort_order))
  set('limit', typeof query.limit === 'number' ? query.limit : undefined)
  set('offset', typeof query.offset === 'number' ? query.offset : undefined)
  set('search_after', strings(query.search_after))
  set('fields', strings(query.fields))
  return params
}

export function pageResult(page: SearchPage): OperationResult {
  const headers: Record<string, string> = { 'X-Total-Hits': String(page.total) }
  if (page.next) headers['X-Next'] = page.next
  if (page.previous) headers['X-Previous'] = page.previous
  if (page.sort) headers['X-Sort'] = JSON.stringify(page.sort)
  return { body: page.hits, headers }
}
