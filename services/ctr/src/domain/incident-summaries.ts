// XDR's incident summaries: the org's incidents as CTIA's search finds them, each with a `context` bundle of the
// entities related to it (by CTIA relationships either way): assets, asset mappings and properties, incidents,
// indicators, malware and sightings, or those of them `fields` names as `context.<family>`.
import { shortId, typeOfId, type CtiaAccess, type CtiaEntity, type CtiaQuery } from './ctia-access.ts'

// The related families a summary's context holds: the `fields` name and the bundle key of each, by entity type.
const CONTEXT_FAMILIES: Record<string, { field: string; key: string }> = {
  asset: { field: 'context.assets', key: 'assets' },
  'asset-mapping': { field: 'context.asset-mappings', key: 'asset_mappings' },
  'asset-properties': { field: 'context.asset-properties', key: 'asset_properties' },
  incident: { field: 'context.incidents', key: 'incidents' },
  indicator: { field: 'context.indicators', key: 'indicators' },
  malware: { field: 'context.malwares', key: 'malwares' },
  sighting: { field: 'context.sightings', key: 'sightings' },
}

// Relationships read per incident (each way).
const RELATIONSHIP_LIMIT = 1000

function asList(value: CtiaQuery[string]): string[] {
  return value === undefined ? [] : Array.isArray(value) ? [...value] : [String(value)]
}

/** The entities related to one incident, grouped under their bundle keys; only the families in `types`. */
async function incidentContext(ctia: CtiaAccess, incidentId: string, types: ReadonlySet<string>): Promise<Record<string, CtiaEntity[]>> {
  const [outgoing, incoming] = await Promise.all([
    ctia.search('/ctia/relationship/search', { source_ref: incidentId, limit: RELATIONSHIP_LIMIT }),
    ctia.search('/ctia/relationship/search', { target_ref: incidentId, limit: RELATIONSHIP_LIMIT }),
  ])
  const related = new Set([
    ...outgoing.entities.map((r) => String(r.target_ref)), ...incoming.entities.map((r) => String(r.source_ref)),
  ].filter((id) => types.has(typeOfId(id) ?? '')))
  const context: Record<string, CtiaEntity[]> = {}
  for (const id of related) {
    const type = typeOfId(id)!
    const entity = await ctia.read<CtiaEntity>(`/ctia/${type}/${encodeURIComponent(shortId(id))}`)
    if (entity) (context[CONTEXT_FAMILIES[type]!.key] ??= []).push(entity)
  }
  return context
}

/** IncidentSummarySearchResults: CTIA's incident search with the query as given, each incident with its context. */
export async function searchIncidentSummaries(ctia: CtiaAccess, query: CtiaQuery): Promise<{ summaries: CtiaEntity[]; headers: Record<string, string> }> {
  const fields = asList(query.fields)
  const contextFields = new Set(fields.filter((f) => f.startsWith('context.')))
  const types = new Set(Object.entries(CONTEXT_FAMILIES).filter(([, f]) => fields.length === 0 || contextFields.has(f.field)).map(([type]) => type))
  const ownFields = fields.filter((f) => !f.startsWith('context.'))
  // The id is always read: the context is found through it.
  const incidentFields = fields.length === 0 ? undefined : [...new Set([...ownFields, 'id'])]
  const { entities, headers } = await ctia.search('/ctia/incident/search', { ...query, fields: incidentFields })
  const summaries = await Promise.all(entities.map(async (incident) => {
    return types.size === 0 ? incident : { ...incident, context: await incidentContext(ctia, incident.id, types) }
  }))
  return { summaries, headers }
}
