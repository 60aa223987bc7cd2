// XDR's asset-property updates: an asset (found in private intelligence by its external id) gets the properties named
// in the update in place of those it had under the same names, kept in its one asset-properties entity.
import { DomainError } from '@ctrmock/kit/domain'
import { invalidRequest } from './errors.ts'
import { searchAll, shortId, type CtiaAccess, type CtiaEntity } from './ctia-access.ts'

/** MutableCtrProperties: what XDR lets a user set on an asset. */
export interface CtrAssetProperties {
  'cisco:ctr:assetValue': number
  'cisco:ctr:labels': string[]
}

export interface AssetPropertiesUpdate {
  asset_external_id: string
  updated_properties: CtrAssetProperties
  rescore_incident_ids: string[]
}

// The Swagger's limits on one request.
export const MAX_RESCORED_INCIDENTS = 1000
export const MAX_ASSETS_PER_BULK = 100

// The New asset-properties fields a stored one keeps when it is rewritten.
const KEPT_FIELDS = ['asset_ref', 'source', 'source_uri', 'valid_time', 'external_ids', 'external_references', 'tlp', 'language'] as const
const SOURCE = 'Cisco XDR'

const assetNotFound = (externalId: string) => new DomainError('not_found', `No asset with external id ${externalId}`, 404)

/** CTIM's name/value pairs for the update: the value as a string, one pair per label. */
export function propertyPairs(update: CtrAssetProperties): Array<{ name: string; value: string }> {
  return [
    { name: 'cisco:ctr:assetValue', value: String(update['cisco:ctr:assetValue']) },
    ...update['cisco:ctr:labels'].map((label) => ({ name: 'cisco:ctr:labels', value: label })),
  ]
}

function checkUpdate(update: AssetPropertiesUpdate): void {
  const value = update.updated_properties['cisco:ctr:assetValue']
  if (!Number.isInteger(value) || value < 1 || value > 10) throw invalidRequest(`updated_properties: cisco:ctr:assetValue must be an integer from 1 to 10, not ${value}`)
  if (update.rescore_incident_ids.length > MAX_RESCORED_INCIDENTS) {
    throw invalidRequest(`rescore_incident_ids: at most ${MAX_RESCORED_INCIDENTS} incidents per asset, not ${update.rescore_incident_ids.length}`)
  }
}

async function writeProperties(ctia: CtiaAccess, asset: CtiaEntity, update: CtrAssetProperties): Promise<CtiaEntity> {
  const pairs = propertyPairs(update)
  // Every name the update carries replaces what the asset had under it, an empty list of labels included.
  const replaced = new Set(Object.keys(update))
  const [current] = await searchAll(ctia, 'asset-properties', { asset_ref: asset.id })
  if (!current) return ctia.write<CtiaEntity>('POST', '/ctia/asset-properties', { asset_ref: asset.id, source: SOURCE, valid_time: {}, properties: pairs })
  const kept = (Array.isArray(current.properties) ? current.properties as Array<{ name: string; value: string }> : []).filter((p) => !replaced.has(p.name))
  const body: Record<string, unknown> = Object.fromEntries(KEPT_FIELDS.filter((f) => current[f] !== undefined).map((f) => [f, current[f]]))
  return ctia.write<CtiaEntity>('PUT', `/ctia/asset-properties/${encodeURIComponent(shortId(current.id))}`, { ...body, properties: [...kept, ...pairs] })
}

async function findAssets(ctia: CtiaAccess, externalId: string): Promise<CtiaEntity[]> {
  const assets = await ctia.read<CtiaEntity[]>(`/ctia/asset/external_id/${encodeURIComponent(externalId)}`)
  if (!assets || assets.length === 0) throw assetNotFound(externalId)
  return assets
}

/**
 * Updates the properties of every asset each update names; all are checked and all assets found before anything is
 * written. The answer is the asset-properties entity of each asset.
 */
export async function updateAssetProperties(ctia: CtiaAccess, updates: readonly AssetPropertiesUpdate[]): Promise<CtiaEntity[]> {
  if (updates.length > MAX_ASSETS_PER_BULK) throw invalidRequest(`at most ${MAX_ASSETS_PER_BULK} assets per request, not ${updates.length}`)
  updates.forEach(checkUpdate)
  const targets = await Promise.all(updates.map(async (update) => ({ update, assets: await findAssets(ctia, update.asset_external_id) })))
  const written: CtiaEntity[] = []
  for (const { update, assets } of targets) {
    for (const asset of assets) written.push(await writeProperties(ctia, asset, update.updated_properties))
  }
  return written
}
