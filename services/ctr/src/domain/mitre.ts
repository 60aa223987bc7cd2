// XDR's MITRE ATT&CK views of private intelligence: the enterprise tactics (a catalogue in the repo), each with the
// techniques the org's private intelligence holds as attack patterns (linked to a tactic by their kill chain phase),
// the tactics of an incident, and how many incidents name each technique.
import { DomainError } from '@ctrmock/kit/domain'
import { CTIM_SCHEMA_VERSION } from '@ctrmock/types'
import catalogue from '../data/mitre-attack-tactics.json' with { type: 'json' }
import { searchAll, shortId, type CtiaAccess, type CtiaEntity } from './ctia-access.ts'
import { stableUuid } from './random.ts'

export interface Tactic {
  id: string
  shortname: string
  name: string
  description: string
}

export const TACTICS: readonly Tactic[] = catalogue.tactics

const MITRE_SOURCE = 'mitre-attack'

export const tacticNotFound = (id: string) => new DomainError('not_found', `MITRE tactic ${id} not found`, 404)
const incidentNotFound = (id: string) => new DomainError('not_found', `Incident ${id} not found`, 404)
const incidentTacticNotFound = (incident: string, tactic: string) =>
  new DomainError('not_found', `MITRE tactic ${tactic} is not among the tactics of incident ${incident}`, 404)

/** The MITRE ATT&CK reference of an attack pattern: its external reference from `mitre-attack`. */
function mitreReference(pattern: CtiaEntity): Record<string, unknown> | undefined {
  const references = Array.isArray(pattern.external_references) ? pattern.external_references as Array<Record<string, unknown>> : []
  return references.find((r) => r.source_name === MITRE_SOURCE && typeof r.external_id === 'string')
}

/** The org's attack patterns that name a MITRE technique, as TechniqueViews (the pattern with its `mitre` reference). */
export async function orgTechniques(ctia: CtiaAccess): Promise<CtiaEntity[]> {
  const patterns = await searchAll(ctia, 'attack-pattern')
  return patterns.flatMap((pattern) => {
    const mitre = mitreReference(pattern)
    return mitre ? [{ ...pattern, mitre }] : []
  })
}

function techniqueId(technique: CtiaEntity): string {
  return String((technique.mitre as { external_id: string }).external_id)
}

function inTactic(technique: CtiaEntity, tactic: Tactic): boolean {
  const phases = Array.isArray(technique.kill_chain_phases) ? technique.kill_chain_phases as Array<Record<string, unknown>> : []
  return phases.some((p) => p.kill_chain_name === MITRE_SOURCE && p.phase_name === tactic.shortname)
}

/** TacticView: the tactic as a CTIM attack pattern with its techniques. */
export function tacticView(tactic: Tactic, techniques: readonly CtiaEntity[]): Record<string, unknown> {
  const url = `https://attack.mitre.org/tactics/${tactic.id}/`
  const mitre = { source_name: MITRE_SOURCE, external_id: tactic.id, url }
  return {
    id: `transient:attack-pattern-${stableUuid(`mitre-attack-tactic:${tactic.id}`)}`,
    type: 'attack-pattern', schema_version: CTIM_SCHEMA_VERSION, source: 'MITRE ATT&CK', source_uri: url, tlp: 'white',
    title: tactic.name, short_description: tactic.description, description: tactic.description,
    external_ids: [tactic.id], external_references: [mitre], mitre,
    techniques: techniques.filter((t) => inTactic(t, tactic)),
  }
}

export function findTactic(id: string): Tactic {
  const tactic = TACTICS.find((t) => t.id === id.toUpperCase())
  if (!tactic) throw tacticNotFound(id)
  return tactic
}

/** The tactics asked for (all of them when none is named; ids not in the catalogue are left out), with techniques. */
export async function searchTactics(ctia: CtiaAccess, ids: readonly string[] = []): Promise<Array<Record<string, unknown>>> {
  const wanted = new Set(ids.map((id) => id.toUpperCase()))
  const tactics = wanted.size === 0 ? TACTICS : TACTICS.filter((t) => wanted.has(t.id))
  const techniques = tactics.length > 0 ? await orgTechniques(ctia) : []
  return tactics.map((tactic) => tacticView(tactic, techniques))
}

export async function oneTactic(ctia: CtiaAccess, id: string): Promise<Record<string, unknown>> {
  const tactic = findTactic(id)
  return tacticView(tactic, await orgTechniques(ctia))
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** An incident's tactics (its `tactics` field), each with the techniques of the incident (its `techniques`) in it. */
export async function incidentTactics(ctia: CtiaAccess, incidentId: string): Promise<Array<Record<string, unknown>>> {
  const incident = await ctia.read<CtiaEntity>(`/ctia/incident/${encodeURIComponent(shortId(incidentId))}`)
  if (!incident) throw incidentNotFound(incidentId)
  const named = new Set(strings(incident.tactics).map((id) => id.toUpperCase()))
  const tactics = TACTICS.filter((t) => named.has(t.id))
  if (tactics.length === 0) return []
  const own = new Set(strings(incident.techniques).map((id) => id.toUpperCase()))
  const techniques = (await orgTechniques(ctia)).filter((t) => own.has(techniqueId(t).toUpperCase()))
  return tactics.map((tactic) => tacticView(tactic, techniques))
}

export async function incidentTactic(ctia: CtiaAccess, incidentId: string, tacticId: string): Promise<Record<string, unknown>> {
  const tactic = findTactic(tacticId)
  const view = (await incidentTactics(ctia, incidentId)).find((v) => (v.mitre as { external_id: string }).external_id === tactic.id)
  if (!view) throw incidentTacticNotFound(incidentId, tactic.id)
  return view
}

/** TotalIncidentsPerTechnique: for each technique named by the org's incidents (in the window), how many name it. */
export async function incidentsPerTechnique(ctia: CtiaAccess, window: { from?: string; to?: string }): Promise<Record<string, number>> {
  const incidents = await searchAll(ctia, 'incident', { ...window, fields: ['techniques'] })
  const totals: Record<string, number> = {}
  for (const incident of incidents) {
    for (const technique of new Set(strings(incident.techniques))) totals[technique] = (totals[technique] ?? 0) + 1
  }
  return totals
}
