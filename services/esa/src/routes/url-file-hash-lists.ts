// URL lists and file hash lists over the AsyncOS API: /config/url_lists[/{name}] and /config/file_hash_lists[/{name}],
// as the XSOAR Cisco ESA integration lists, creates, updates and deletes them.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { FileHashList, UrlList } from '@ctrmock/types'
import { CHANGE_MESSAGES, findNamed, withAdded, withChanged, withRemoved } from '../domain/config-lists.ts'
import { URL_LIST, urlList } from '../domain/url-lists.ts'
import { editedFileHashList, FILE_HASH_LIST, fileHashList } from '../domain/file-hash-lists.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth } from './auth.ts'
import { configAccess } from './config-access.ts'
import { CONFIG_CHANGED as changed, configSchema as schema, dataOf, namedConfigSchema as named } from './schemas.ts'

const URLS = '/esa/api/v2.0/config/url_lists'
const HASHES = '/esa/api/v2.0/config/file_hash_lists'
const names = (max: number) => Type.Array(Type.String({ maxLength: 2048 }), { maxItems: max })
const UrlsBody = dataOf(Type.Object({ urls: names(10_000) }))
const UrlListsBody = dataOf(Type.Object({ url_lists: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 1000 }) }))
const NewHashesBody = dataOf(Type.Object({ filehashes: names(10_000), description: Type.String({ maxLength: 1000 }), list_type: Type.String({ maxLength: 20 }) }))
const HashesBody = dataOf(Type.Object({ filehashes: names(10_000), description: Type.Optional(Type.String({ maxLength: 1000 })) }))

export async function urlAndFileHashListRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))
  const lists = configAccess(wiring)

  app.get(URLS, { schema: schema('Every URL list', { response: { 200: dataOf(Type.Array(UrlList)) } }) },
    async (request) => ({ data: await lists.list<UrlList>(request, 'url_list') }))
  app.get(`${URLS}/:name`, { schema: named('One URL list', { response: { 200: dataOf(UrlList) } }) },
    async (request) => ({ data: findNamed(await lists.list<UrlList>(request, 'url_list'), request.params.name, URL_LIST) }))
  app.post(`${URLS}/:name`, { schema: named('Creates a URL list', { body: UrlsBody, response: changed }) }, async (request, reply) =>
    lists.change<UrlList>(request, reply, 'url_list', (current) => ({ entries: withAdded(current, urlList(request.params.name, request.body.data.urls), URL_LIST) }), CHANGE_MESSAGES.added))
  app.put(`${URLS}/:name`, { schema: named("Replaces a URL list's URLs", { body: UrlsBody, response: changed }) }, async (request, reply) =>
    lists.change<UrlList>(request, reply, 'url_list', (current) => ({ entries: withChanged(current, request.params.name, URL_LIST, (old) => urlList(old.name, request.body.data.urls)) }), CHANGE_MESSAGES.updated))
  app.delete(URLS, { schema: schema('Deletes URL lists by name', { body: UrlListsBody, response: changed }) }, async (request, reply) =>
    lists.change<UrlList>(request, reply, 'url_list', (current) => ({ entries: withRemoved(current, request.body.data.url_lists, URL_LIST) }), CHANGE_MESSAGES.deleted))

  app.get(HASHES, { schema: schema('Every file hash list', { response: { 200: dataOf(Type.Array(FileHashList)) } }) },
    async (request) => ({ data: await lists.list<FileHashList>(request, 'file_hash_list') }))
  app.get(`${HASHES}/:name`, { schema: named('One file hash list', { response: { 200: dataOf(FileHashList) } }) },
    async (request) => ({ data: findNamed(await lists.list<FileHashList>(request, 'file_hash_list'), request.params.name, FILE_HASH_LIST) }))
  app.post(`${HASHES}/:name`, { schema: named('Creates a file hash list (md5, sha256 or any)', { body: NewHashesBody, response: changed }) }, async (request, reply) =>
    lists.change<FileHashList>(request, reply, 'file_hash_list', (current) => ({ entries: withAdded(current, fileHashList(request.params.name, request.body.data), FILE_HASH_LIST) }), CHANGE_MESSAGES.added))
  app.put(`${HASHES}/:name`, { schema: named("Replaces a file hash list's hashes", { body: HashesBody, response: changed }) }, async (request, reply) =>
    lists.change<FileHashList>(request, reply, 'file_hash_list', (current) => ({ entries: withChanged(current, request.params.name, FILE_HASH_LIST, (old) => editedFileHashList(old, request.body.data)) }), CHANGE_MESSAGES.updated))
}
