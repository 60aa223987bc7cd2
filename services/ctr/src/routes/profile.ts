// Profile: who the token's user and org are (GET /iroh/profile/whoami), the org itself (GET|POST /iroh/profile/org).
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { IrohKeyErrors } from '@ctrmock/types'
import { changeOrg, currentOrg, orgChangeErrors, whoami } from '../domain/profile.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, IrohErrorBody, errorResponses } from './schemas.ts'

const TAG = ['profile']
const IrohOrg = Type.Record(Type.String(), Type.Unknown())
const Whoami = Type.Object({ user: Type.Record(Type.String(), Type.Unknown()), org: IrohOrg })
const OrgUpdateErrors = Type.Object({ errors: IrohKeyErrors })

export async function profileRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring

  app.get('/iroh/profile/whoami', {
    config: { scope: REQUIRED_SCOPES.profileRead },
    schema: { tags: TAG, summary: 'The user and org of the access token', response: { 200: Whoami, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => whoami(ctx, request.auth!))

  app.get('/iroh/profile/org', {
    config: { scope: REQUIRED_SCOPES.profileRead },
    schema: { tags: TAG, summary: 'The org of the access token', response: { 200: IrohOrg, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => currentOrg(ctx, request.auth!.orgId))

  app.post('/iroh/profile/org', {
    config: { scope: REQUIRED_SCOPES.profileWrite },
    schema: {
      tags: TAG, summary: 'Changes the org (name)',
      body: Type.Record(Type.String(), Type.Unknown()),
      response: { 200: IrohOrg, 400: Type.Union([OrgUpdateErrors, IrohErrorBody]), ...AUTH_ERRORS, ...errorResponses(404) },
    },
  }, async (request, reply) => {
    const errors = orgChangeErrors(request.body)
    if (Object.keys(errors).length > 0) return reply.code(400).send({ errors })
    const org = await changeOrg(ctx, request.auth!.orgId, request.body)
    return org
  })
}
