// SecureX's dashboard over relay modules that declare one: the tiles of every module, each with the module's name and
// instance and where its data is (Cisco's dashboard scripts read `module`, `module_instance_id`, `data_url`,
// `periods`), and one tile's data, which IROH hands on as the module sent it.
import { invalidRequest, noSuchTile } from './errors.ts'
import { errorsOf, type ModuleOutcome, type ModuleRef } from './enrich.ts'

/** The path that answers a tile's data (`?period=`), as the dashboard scripts and relays call it. */
export function tileDataUrl(instanceId: string, tileId: string): string {
  return `/iroh/iroh-dashboard/tiles/${encodeURIComponent(instanceId)}/${encodeURIComponent(tileId)}/data`
}

type Tile = Record<string, unknown> & { id: string }

/** A tile as the dashboard lists it: the module's fields, then which module and where its data is. */
export type ListedTile = Tile & { module: string, module_instance_id: string, data_url: string }

function isTile(item: unknown): item is Tile {
  return !!item && typeof item === 'object' && !Array.isArray(item) && typeof (item as Tile).id === 'string' && (item as Tile).id !== ''
}

/** Every module's tiles, the relay's fields kept; a tile without an id cannot be asked for, so it is an error entry. */
export function dashboardTiles(outcomes: readonly ModuleOutcome[]) {
  const data: ListedTile[] = []
  const problems: ModuleOutcome[] = []
  for (const outcome of outcomes) {
    const listed = Array.isArray(outcome.data) ? outcome.data : []
    const tiles = listed.filter(isTile)
    if (tiles.length < listed.length || (outcome.data !== undefined && !Array.isArray(outcome.data))) {
      problems.push({ module: outcome.module, errors: [{ type: 'fatal', code: 'invalid module response', message: `${outcome.module.name} listed tiles that are not objects with an id` }] })
    }
    for (const tile of tiles) data.push({ ...tile, module: outcome.module.name, module_instance_id: outcome.module.instanceId, data_url: tileDataUrl(outcome.module.instanceId, tile.id) })
  }
  return { data, errors: errorsOf([...outcomes, ...problems]) }
}

/** The period a tile's data is asked for: required, as the relay template requires it. */
export function tilePeriod(period: string | undefined): string {
  if (!period?.trim()) throw invalidRequest('period is required (one of the tile\'s periods, e.g. last_24_hours)')
  return period
}

/** One tile's data as the module sent it (null when it sent none), with its errors; no answer means no such tile. */
export function tileData(ref: ModuleRef, tileId: string, outcome: ModuleOutcome | undefined) {
  if (!outcome) throw noSuchTile(ref.instanceId, tileId)
  return { data: outcome.data ?? null, errors: errorsOf([outcome]) }
}
