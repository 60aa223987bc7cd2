// Control plane for Mock Intelligence: set, list and clear an org's judgements (PUT|GET|DELETE /__mock/intel).
// Not a Cisco API (camelCase, no token); an org defaults to the default org.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Judgement } from '@ctrmock/types'
import { deleteJudgements, listJudgements, setJudgement } from '../domain/mock-intel.ts'
import type { CtrWiring } from '../wiring.ts'
import { errorResponses } from './schemas.ts'

const TAG = ['control plane']
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

export async function mockIntelRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring

  app.put('/__mock/intel', {
    schema: {
      tags: TAG, summary: 'Sets a Mock Intelligence judgement for an observable', body: IntelInput,
      response: { 200: Type.Object({ org: Type.String(), judgement: Judgement }), ...errorResponses(400, 404) },
    },
  }, async (request) => {
    // The time of the org the call names (x-ctrmock-org or its token), as for any control-plane call.
    const answer = await setJudgement(ctx, request.body, wiring.clock.now(request.org), wiring.defaultOrgId)
    request.org = answer.org
    return answer
  })

  app.get('/__mock/intel', {
    schema: { tags: TAG, summary: 'Judgements of an org (Mock Intelligence refer links point here)', querystring: Filter, response: { 200: Type.Object({ org: Type.String(), judgements: Type.Array(Judgement) }), ...errorResponses(404) } },
  }, async (request) => listJudgements(ctx, request.query.org ?? wiring.defaultOrgId, request.query))

  app.delete('/__mock/intel', {
    schema: { tags: TAG, summary: 'Deletes judgements of an org (all, or of one observable)', querystring: Filter, response: { 200: Type.Object({ deleted: Type.Integer() }), ...errorResponses(404) } },
  }, async (request) => deleteJudgements(ctx, request.query.org ?? wiring.defaultOrgId, request.query))
}
