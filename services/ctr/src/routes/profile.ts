// Profile: who the token's user and org are (GET /iroh/profile/whoami), the org itself (GET|POST /iroh/profile/org).
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { DomainError } from '@ctrmock/kit'
import { IrohKeyErrors } from '@ctrmock/types'
import type { OrgRecord } from '../store/identity.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import type { CtrRuntime } from '../runtime.ts'
import { AUTH_ERRORS, IrohErrorBody, errorResponses } from './schemas.ts'

const TAG = ['profile']
const IrohOrg = Type.Record(Type.String(), Type.Unknown())
const Whoami = Type.Object({ user: Type.Record(Type.String(), Type.Unknown()), org: IrohOrg })
const OrgUpdateErrors = Type.Object({ errors: IrohKeyErrors })

function orgView(org: OrgRecord) {
  return {
    id: org.id, name: org.name, 'enabled?': true, 'activation-status': 'activated', 'scim-status': 'disabled',
    'allow-all-role-to-login': true, 'allow-all-role-to-login-editable?': true,
    'created-at': org.createdAt.toISOString(), 'updated-at': org.updatedAt.toISOString(),
  }
}

export async function profileRoutes(fastify: FastifyInstance, { runtime }: { runtime: CtrRuntime }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { identity } = runtime.store

  async function currentOrg(orgId: string): Promise<OrgRecord> {
    const org = await identity.findOrg(orgId)
    if (!org) throw new DomainError('not_found', 'The org of this token no longer exists', 404)
    return org
  }

  app.get('/iroh/profile/whoami', {
    config: { scope: REQUIRED_SCOPES.profileRead },
    schema: { tags: TAG, summary: 'The user and org of the access token', response: { 200: Whoami, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => {
    const auth = request.auth!
    const org = await currentOrg(auth.orgId)
    const user = await identity.findUser(auth.userId)
    return {
      user: {
        role: user?.role ?? 'integration', scopes: auth.scopes, 'user-id': auth.userId, 'org-id': auth.orgId,
        'user-email': user?.email ?? '', 'user-name': user?.name ?? auth.clientId, 'user-nick': user?.name ?? auth.clientId,
        'enabled?': true, 'idp-mappings': [],
        ...(user ? { 'created-at': user.createdAt.toISOString(), 'updated-at': user.updatedAt.toISOString() } : {}),
        'last-logged-at': runtime.clock.now(auth.orgId).toISOString(),
      },
      org: orgView(org),
    }
  })

  app.get('/iroh/profile/org', {
    config: { scope: REQUIRED_SCOPES.profileRead },
    schema: { tags: TAG, summary: 'The org of the access token', response: { 200: IrohOrg, ...AUTH_ERRORS, ...errorResponses(404) } },
  }, async (request) => orgView(await currentOrg(request.auth!.orgId)))

  app.post('/iroh/profile/org', {
    config: { scope: REQUIRED_SCOPES.profileWrite },
    schema: {
      tags: TAG, summary: 'Changes the org (name)',
      body: Type.Record(Type.String(), Type.Unknown()),
      response: { 200: IrohOrg, 400: Type.Union([OrgUpdateErrors, IrohErrorBody]), ...AUTH_ERRORS, ...errorResponses(404) },
    },
  }, async (request, reply) => {
    const body = request.body
    const disallowed = Object.keys(body).filter((key) => key !== 'name')
    if (disallowed.length > 0) return reply.code(400).send({ errors: Object.fromEntries(disallowed.map((k) => [k, 'disallowed-key'])) })
    if (body.name !== undefined && (typeof body.name !== 'string' || !body.name.trim() || body.name.length > 200)) {
      return reply.code(400).send({ errors: { name: '(not (non-blank-string? name))' } })
    }
    const org = await identity.updateOrg(request.auth!.orgId, typeof body.name === 'string' ? { name: body.name.trim() } : {}, runtime.clock.now(request.auth!.orgId))
    if (!org) throw new DomainError('not_found', 'The org of this token no longer exists', 404)
    return orgView(org)
  })
}
