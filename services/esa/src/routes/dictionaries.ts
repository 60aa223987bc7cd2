// Content dictionaries over the AsyncOS API: /config/dictionaries[/{name}[/words]], as the XSOAR Cisco ESA integration
// lists, adds, edits and deletes them and their words.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Dictionary } from '@ctrmock/types'
import { CHANGE_MESSAGES, withAdded, withChanged, withRemoved } from '../domain/config-lists.ts'
import {
  DICTIONARY, editedDictionary, findDictionary, newDictionary, withWordsAdded, withWordsRemoved, withWordsUpdated, type DictionaryInput,
} from '../domain/dictionaries.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth } from './auth.ts'
import { configAccess } from './config-access.ts'
import { CONFIG_CHANGED as changed, configSchema as schema, dataOf, namedConfigSchema as named } from './schemas.ts'

const PATH = '/esa/api/v2.0/config/dictionaries'
const Words = Type.Array(Type.Unknown(), { maxItems: 10_000 })
const flag = Type.Optional(Type.Union([Type.Integer(), Type.Boolean()]))
const DictionaryBody = dataOf(Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })), ignorecase: flag, wholewords: flag,
  words: Type.Optional(Words), encoding: Type.Optional(Type.String({ maxLength: 50 })),
}))
const WordsBody = dataOf(Type.Object({ words: Words }))

export async function dictionaryRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))
  const lists = configAccess(wiring)
  const change = (request: FastifyRequest, reply: FastifyReply, next: (current: Dictionary[]) => Dictionary[], message: string) =>
    lists.change<Dictionary>(request, reply, 'dictionary', (current) => ({ entries: next(current) }), message)

  app.get(PATH, { schema: schema('Every dictionary with its terms', { response: { 200: dataOf(Type.Array(Dictionary)) } }) },
    async (request) => ({ data: await lists.list<Dictionary>(request, 'dictionary') }))

  app.get(`${PATH}/:name`, { schema: named('One dictionary with its terms', { response: { 200: dataOf(Dictionary) } }) },
    async (request) => ({ data: findDictionary(await lists.list<Dictionary>(request, 'dictionary'), request.params.name) }))

  app.post(`${PATH}/:name`, { schema: named('Adds a dictionary', { body: DictionaryBody, response: changed }) },
    async (request, reply) => change(request, reply, (current) => withAdded(current, newDictionary(request.params.name, request.body.data as DictionaryInput), DICTIONARY), CHANGE_MESSAGES.added))

  app.put(`${PATH}/:name`, { schema: named('Changes a dictionary (its terms replaced when given; data.name renames it)', { body: DictionaryBody, response: changed }) },
    async (request, reply) => change(request, reply, (current) => withChanged(current, request.params.name, DICTIONARY, (d) => editedDictionary(d, request.body.data as DictionaryInput)), CHANGE_MESSAGES.updated))

  app.delete(`${PATH}/:name`, { schema: named('Deletes a dictionary', { response: changed }) },
    async (request, reply) => change(request, reply, (current) => withRemoved(current, [request.params.name], DICTIONARY), CHANGE_MESSAGES.deleted))

  const words = (summary: string, edit: (d: Dictionary, words: unknown[]) => Dictionary, message: string) => ({
    schema: named(summary, { body: WordsBody, response: changed }),
    handler: async (request: FastifyRequest<{ Params: { name: string }; Body: { data: { words: unknown[] } } }>, reply: FastifyReply) =>
      change(request, reply, (current) => withChanged(current, request.params.name, DICTIONARY, (d) => edit(d, request.body.data.words)), message),
  })
  app.post(`${PATH}/:name/words`, words('Adds terms to a dictionary', withWordsAdded, CHANGE_MESSAGES.added))
  app.put(`${PATH}/:name/words`, words("Sets the weight of a dictionary's terms", withWordsUpdated, CHANGE_MESSAGES.updated))
  app.delete(`${PATH}/:name/words`, words('Deletes terms from a dictionary', withWordsRemoved, CHANGE_MESSAGES.deleted))
}
