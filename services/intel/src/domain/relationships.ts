// The relationships an entity is the source of, as CTIA's GraphQL lists them under each entity: narrowed by a Lucene
// query, a relationship type and the type of the target.
import type { Actor, IntelContext } from './context.ts'
import { typeOfId } from './entity-ids.ts'
import { MAX_LIMIT, searchDocuments, selectionOf, withDefaultSort, type SearchPage, type SearchParams } from './search.ts'

export interface RelationshipCriteria {
  relationshipType?: string
  targetType?: string
}

/** One page of the relationships from `sourceRef`, as stored; `params` carries the query, order and paging. */
export async function relationshipsFrom(ctx: IntelContext, actor: Actor, sourceRef: string, criteria: RelationshipCriteria, params: SearchParams): Promise<SearchPage> {
  const filters: Record<string, string> = { source_ref: sourceRef }
  if (criteria.relationshipType) filters.relationship_type = criteria.relationshipType
  const selection = selectionOf({ ...(params.query ? { query: params.query } : {}), filters, limit: MAX_LIMIT })
  const { records } = await ctx.store.entities.search(actor.orgId, 'relationship', selection)
  const docs = records.map((r) => r.document)
    .filter((doc) => !criteria.targetType || typeOfId(String(doc.target_ref)) === criteria.targetType)
  const { query: _query, ...paging } = params
  return searchDocuments(docs, withDefaultSort({ ...paging, filters: {} }, 'relationship'))
}
