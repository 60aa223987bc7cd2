// /iroh/user-mgmt, as Cisco's SDK calls it (tr.user_mgmt): a user by id (GET, POST to change), several by id
// (batch), and a search over the org's users.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { changeUser, getUser, getUsers, searchUsers, USER_ROLES } from '../domain/user-mgmt.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['user-mgmt']
const READ = 'users:read'
const WRITE = 'users:write'
const User = Type.Object({ 'user-id': Type.String() }, { additionalProperties: true })
const UserParams = Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 200 }) })
const Role = Type.Union(USER_ROLES.map((r) => Type.Literal(r)))
const UserChange = Type.Object({ role: Type.Optional(Role), 'user-name': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false })
const SearchQuery = Type.Object({
  sort_by: Type.Optional(Type.Union([Type.Literal('user-email'), Type.Literal('user-name'), Type.Literal('role'), Type.Literal('created-at')])),
  sort_order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  search_after: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
})
const SearchBody = Type.Object({ query: Type.Optional(Type.String({ maxLength: 1000 })), role: Type.Optional(Role) }, { additionalProperties: false })

export async function userMgmtRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }
  const { ctx } = wiring

  app.get('/iroh/user-mgmt/users/:user_id', {
    config: { scope: READ }, schema: { tags: TAG, summary: 'One user of the org', params: UserParams, response: { 200: User, ...errors } },
  }, async (request) => getUser(ctx, request.auth!.orgId, request.params.user_id))

  app.post('/iroh/user-mgmt/users/:user_id', {
    config: { scope: WRITE }, schema: { tags: TAG, summary: 'Change a user\'s role or name', params: UserParams, body: UserChange, response: { 200: User, ...errors } },
  }, async (request) => changeUser(ctx, request.auth!.orgId, request.params.user_id, request.body))

  app.get('/iroh/user-mgmt/batch/users', {
    config: { scope: READ },
    schema: { tags: TAG, summary: 'Several users by id (unknown ids are left out)', querystring: Type.Object({ id: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 1000 }) }), response: { 200: Type.Array(User), ...errors } },
  }, async (request) => getUsers(ctx, request.auth!.orgId, request.query.id))

  app.post('/iroh/user-mgmt/search/users', {
    config: { scope: READ },
    schema: { tags: TAG, summary: 'Search the org\'s users', querystring: SearchQuery, body: Type.Optional(SearchBody), response: { 200: Type.Array(User), ...errors } },
  }, async (request) => {
    const { search_after: _after, ...query } = request.query
    return searchUsers(ctx, request.auth!.orgId, { ...query, ...(request.body ?? {}) })
  })
}
