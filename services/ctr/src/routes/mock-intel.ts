// Control plane for Mock Intelligence: set, list and clear an org's judgements (PUT|GET|DELETE /__mock/intel).
// Not a Cisco API (camelCase, no token); an org defaults to the default org.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { DomainError } from '@ctrmock/kit'
import { Judgement } from '@ctrmock/types'
import { judgementDoc, newJudgement, readIntelInput } from '../domain/intel.ts'
import { builtinModuleTypeId } from '../domain/module-types.ts'
import type { CtrRuntime } from '../runtime.ts'
import { errorResponses } from './schemas.ts'

const TAG = ['control plane']
const SOURCE = 'Mock Intelligence'
const Filter = Type.Object({
  org: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  type: Type.Optional(Type.String({ maxLength: 100 })),
  value: Type.Optional(Type.String({ maxLength: 2048 })),
})
const IntelInput = Type.Object({
  org: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  observable: Type.Object({ type: Type.String(), value: Type.String() }),
  disposition: Type.Union([Type.Integer(), Type.String()]),
  priority: Type.Optional(Type.Integer()),
  confidence: Type.Optional(Type.String()),
  severity: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  validFor: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  moduleInstanceId: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false })

export async function mockIntelRoutes(fastify: FastifyInstance, { runtime }: { runtime: CtrRuntime }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { identity, judgements, moduleInstances } = runtime.store
  const mockIntelType = builtinModuleTypeId('mock-intel', runtime.config.REGION)

  async function orgOf(org?: string): Promise<string> {
    const orgId = org ?? runtime.defaultOrgId
    if (!(await identity.findOrg(orgId))) throw new DomainError('not_found', `Org ${orgId} not found`, 404)
    return orgId
  }

  app.put('/__mock/intel', {
    schema: {
      tags: TAG, summary: 'Sets a Mock Intelligence judgement for an observable', body: IntelInput,
      response: { 200: Type.Object({ org: Type.String(), judgement: Judgement }), ...errorResponses(400, 404) },
    },
  }, async (request) => {
    // The time of the org the call names (x-ctrmock-org or its token), as for any control-plane call.
    const now = runtime.clock.now(request.org)
    const input = readIntelInput(request.body, now)
    const orgId = await orgOf(input.org)
    if (input.moduleInstanceId) {
      const instance = await moduleInstances.get(orgId, input.moduleInstanceId)
      if (!instance || instance.moduleTypeId !== mockIntelType) throw new DomainError('invalid_request', `moduleInstanceId: ${input.moduleInstanceId} is not a Mock Intelligence instance of org ${orgId}`)
    }
    const { org: _org, ...spec } = input
    const judgement = newJudgement(orgId, 'control-plane', spec, now)
    await judgements.add(judgement)
    request.org = orgId
    return { org: orgId, judgement: judgementDoc(judgement, SOURCE) }
  })

  app.get('/__mock/intel', {
    schema: { tags: TAG, summary: 'Judgements of an org (Mock Intelligence refer links point here)', querystring: Filter, response: { 200: Type.Object({ org: Type.String(), judgements: Type.Array(Judgement) }), ...errorResponses(404) } },
  }, async (request) => {
    const orgId = await orgOf(request.query.org)
    const list = await judgements.list(orgId, request.query)
    return { org: orgId, judgements: list.map((j) => judgementDoc(j, SOURCE)) }
  })

  app.delete('/__mock/intel', {
    schema: { tags: TAG, summary: 'Deletes judgements of an org (all, or of one observable)', querystring: Filter, response: { 200: Type.Object({ deleted: Type.Integer() }), ...errorResponses(404) } },
  }, async (request) => {
    const orgId = await orgOf(request.query.org)
    return { deleted: await judgements.deleteAll(orgId, request.query) }
  })
}
