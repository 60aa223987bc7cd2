// /iroh/oauth2-clients/clients: an org's OAuth2 clients (create, list, read, delete). The secret (`password`) is in
// the creation answer only.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { createOAuthClient, deleteOAuthClient, findOAuthClient, listOAuthClients, oauthClientView } from '../domain/oauth2-clients.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'
import { callerOf } from './auth.ts'

const TAG = ['oauth2-clients']
const BASE = '/iroh/oauth2-clients/clients'
const READ = 'oauth:read'
const WRITE = 'oauth:write'
const Strings = (max: number) => Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: max })
const NewClient = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  scopes: Strings(100),
  redirects: Type.Optional(Strings(50)),
  grants: Type.Optional(Strings(5)),
  availability: Type.Optional(Type.Union([Type.Literal('org'), Type.Literal('user')])),
}, { additionalProperties: false })
const View = Type.Object({
  id: Type.String(), name: Type.String(), description: Type.String(), scopes: Type.Array(Type.String()),
  redirects: Type.Array(Type.String()), grants: Type.Array(Type.String()), availability: Type.String(),
  'org-id': Type.String(), 'owner-id': Type.String(), 'client-type': Type.String(), 'created-at': Type.String(), 'updated-at': Type.String(),
})
const Created = Type.Composite([View, Type.Object({ password: Type.String() })])
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })

export async function oauth2ClientRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = wiring
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }

  app.post(BASE, { config: { scope: WRITE }, schema: { tags: TAG, summary: 'Registers an OAuth2 client (the secret is answered once)', body: NewClient, response: { 200: Created, ...errors } } }, async (request) => {
    return createOAuthClient(ctx, callerOf(request), request.body)
  })
  app.get(BASE, { config: { scope: READ }, schema: { tags: TAG, summary: 'OAuth2 clients of the org', response: { 200: Type.Array(View), ...errors } } },
    async (request) => listOAuthClients(ctx, request.auth!.orgId))
  app.get(`${BASE}/:id`, { config: { scope: READ }, schema: { tags: TAG, summary: 'One OAuth2 client', params: IdParams, response: { 200: View, ...errors } } },
    async (request) => oauthClientView(await findOAuthClient(ctx, request.auth!.orgId, request.params.id)))
  app.delete(`${BASE}/:id`, { config: { scope: WRITE }, schema: { tags: TAG, summary: 'Deletes an OAuth2 client and revokes its tokens (answers the deleted client)', params: IdParams, response: { 200: View, ...errors } } },
    async (request) => deleteOAuthClient(ctx, request.auth!.orgId, request.params.id))
}
