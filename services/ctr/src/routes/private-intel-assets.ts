// XDR's asset-property updates on /iroh/private-intel (specs iroh-private-intel.json): an asset found by its external
// id gets XDR's value and labels in its asset-properties entity. The answer is what was written.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { IntelClient } from '../clients/intel.ts'
import { MAX_ASSETS_PER_BULK, MAX_RESCORED_INCIDENTS, updateAssetProperties } from '../domain/asset-properties.ts'
import { ctiaAccess } from './private-intel-ctia.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['private-intel']
// The Swagger names no scope for these routes; they write private intelligence, as bundle import does.
const SCOPE = 'private-intel:write'

const MutableCtrProperties = Type.Object({
  'cisco:ctr:assetValue': Type.Integer(),
  'cisco:ctr:labels': Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 1000 }),
}, { additionalProperties: false })
const Rescored = Type.Array(Type.String({ maxLength: 2000 }), { maxItems: MAX_RESCORED_INCIDENTS })
const UpdateAssetPropertiesBody = Type.Object({ updated_properties: MutableCtrProperties, rescore_incident_ids: Rescored }, { additionalProperties: false })
const BulkUpdateAssetPropertiesBody = Type.Array(Type.Object({
  asset_external_id: Type.String({ minLength: 1, maxLength: 2000 }), updated_properties: MutableCtrProperties, rescore_incident_ids: Rescored,
}, { additionalProperties: false }), { maxItems: MAX_ASSETS_PER_BULK })
const answers = { 200: Type.Unknown(), ...AUTH_ERRORS, ...errorResponses(400, 404, 503, 504) }

export async function privateIntelAssetRoutes(fastify: FastifyInstance, { intel }: { intel: IntelClient }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.patch('/iroh/private-intel/asset/external_id/:asset_external_id/update-properties', {
    config: { scope: SCOPE },
    schema: {
      tags: TAG, summary: 'Update an asset\'s properties by its external id',
      params: Type.Object({ asset_external_id: Type.String({ minLength: 1, maxLength: 2000 }) }), body: UpdateAssetPropertiesBody, response: answers,
    },
  }, async (request) => {
    const [written] = await updateAssetProperties(ctiaAccess(intel, request.headers.authorization!), [{ ...request.body, asset_external_id: request.params.asset_external_id }])
    return written
  })

  app.patch('/iroh/private-intel/bulk/update-asset-properties', {
    config: { scope: SCOPE },
    schema: { tags: TAG, summary: 'For each asset, update its asset properties by its external id', body: BulkUpdateAssetPropertiesBody, response: answers },
  }, async (request) => updateAssetProperties(ctiaAccess(intel, request.headers.authorization!), request.body))
}
