// Message filters over the AsyncOS API: /config/message_filters[/{name}], as the XSOAR Cisco ESA integration lists,
// creates, turns on or off, reorders and deletes them.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { MessageFiltersResponse, type MessageFilter } from '@ctrmock/types'
import { CHANGE_MESSAGES, findNamed, withRemoved } from '../domain/config-lists.ts'
import { MESSAGE_FILTER, renumbered, withFilterAdded, withFilterUpdated } from '../domain/message-filters.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth } from './auth.ts'
import { configAccess } from './config-access.ts'
import { CONFIG_CHANGED as changed, configSchema as schema, dataOf, namedConfigSchema as named } from './schemas.ts'

const PATH = '/esa/api/v2.0/config/message_filters'
const active = Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Boolean()]))
const order = Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }))
const NewFilterBody = dataOf(Type.Object({ rules_and_actions: Type.String({ maxLength: 20_000 }), active, order }))
const FilterChangeBody = dataOf(Type.Object({ active, order }))
const listed = (filters: MessageFilter[]) => ({ meta: { count: filters.length }, data: filters })

export async function messageFilterRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))
  const lists = configAccess(wiring)

  app.get(PATH, { schema: schema('Every message filter, in order', { response: { 200: MessageFiltersResponse } }) },
    async (request) => listed(await lists.list<MessageFilter>(request, 'message_filter')))
  app.get(`${PATH}/:name`, { schema: named('One message filter', { response: { 200: MessageFiltersResponse } }) },
    async (request) => listed([findNamed(await lists.list<MessageFilter>(request, 'message_filter'), request.params.name, MESSAGE_FILTER)]))

  app.post(`${PATH}/:name`, { schema: named('Creates a message filter at `order` (default last)', { body: NewFilterBody, response: changed }) }, async (request, reply) =>
    lists.change<MessageFilter>(request, reply, 'message_filter', (current) => withFilterAdded(current, request.params.name, request.body.data), CHANGE_MESSAGES.added))
  app.put(`${PATH}/:name`, { schema: named('Turns a message filter on or off, or moves it', { body: FilterChangeBody, response: changed }) }, async (request, reply) =>
    lists.change<MessageFilter>(request, reply, 'message_filter', (current) => ({ entries: withFilterUpdated(current, request.params.name, request.body.data) }), CHANGE_MESSAGES.updated))
  app.delete(`${PATH}/:name`, { schema: named('Deletes a message filter', { response: changed }) }, async (request, reply) =>
    lists.change<MessageFilter>(request, reply, 'message_filter', (current) => ({ entries: renumbered(withRemoved(current, [request.params.name], MESSAGE_FILTER)) }), CHANGE_MESSAGES.deleted))
}
