// Incident status changes (the rules are incident-status.ts's), and links from an incident to a casebook or an
// investigation (a relationship "related-to" from the casebook or investigation to the incident).
import type { Actor, IntelContext } from './context.ts'
import { familyOf, type EntityFamily } from './entity-families.ts'
import { createEntity, findEntity, nowIso, patchEntity } from './entities.ts'
import { badRequest } from './errors.ts'

type Doc = Record<string, unknown>

/** CTIA's status route: a patch of the status alone, which stamps incident_time and completes the intervals. */
export async function setIncidentStatus(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, status: string): Promise<Doc> {
  return patchEntity(ctx, actor, family, id, { status })
}

export async function linkIncident(ctx: IntelContext, actor: Actor, family: EntityFamily, id: string, link: { casebook_id?: string; investigation_id?: string; tlp?: string }): Promise<Doc> {
  const given = [['casebook', link.casebook_id], ['investigation', link.investigation_id]].filter(([, v]) => v !== undefined) as [string, string][]
  if (given.length !== 1) throw badRequest('Give exactly one of casebook_id or investigation_id')
  const [[type, targetId]] = given as [[string, string]]
  const incident = await findEntity(ctx, actor, family, id)
  const target = await findEntity(ctx, actor, familyOf(type)!, targetId)
  const relationship = familyOf('relationship')!
  return createEntity(ctx, actor, relationship, {
    source_ref: target.document.id, target_ref: incident.document.id, relationship_type: 'related-to',
    source: 'ctia', timestamp: nowIso(ctx, actor), ...(link.tlp ? { tlp: link.tlp } : {}),
  })
}
