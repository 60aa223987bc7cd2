// Spam Quarantine > Safelist / Blocklist over the AsyncOS API: GET, POST (add | append | edit) and DELETE on
// /quarantine/safelist and /quarantine/blocklist, viewed by recipient or by sender.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { LIST_ACTIONS, LIST_VIEWS, ListChangeResponse, ListEntriesResponse, ORDER_DIRECTIONS, QUARANTINE_LISTS, SPAM_QUARANTINE_TYPE } from '@ctrmock/types'
import { applyListChange, CHANGE_MESSAGES, listChange, listRows, wireRow } from '../domain/safelist-blocklist.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth, applianceOf } from './auth.ts'
import { oneOf } from './schemas.ts'

const TAGS = ['AsyncOS API']
const addresses = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 254 }), { maxItems: 1000, description }))
const quarantineType = oneOf([SPAM_QUARANTINE_TYPE])

const ViewQuery = Type.Object({
  action: oneOf(['view']),
  quarantineType,
  viewBy: oneOf(LIST_VIEWS),
  search: Type.Optional(Type.String({ maxLength: 254 })),
  orderBy: Type.Optional(oneOf(LIST_VIEWS)),
  orderDir: Type.Optional(oneOf(ORDER_DIRECTIONS)),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})
const ChangeBody = Type.Object({
  action: oneOf(LIST_ACTIONS),
  quarantineType,
  viewBy: oneOf(LIST_VIEWS),
  recipientAddresses: addresses('viewBy recipient: the recipients whose lists change'),
  senderList: addresses('viewBy recipient: their senders'),
  senderAddresses: addresses('viewBy sender: the senders whose lists change'),
  recipientList: addresses('viewBy sender: their recipients'),
})
const DeleteBody = Type.Object({
  quarantineType,
  viewBy: oneOf(LIST_VIEWS),
  recipientList: addresses('viewBy recipient: the recipients whose rows go'),
  senderList: addresses('viewBy sender: the senders whose rows go'),
})

export async function safelistBlocklistRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))
  const lists = wiring.store.spamQuarantine

  for (const list of QUARANTINE_LISTS) {
    const path = `/esa/api/v2.0/quarantine/${list}`
    app.get(path, {
      schema: { tags: TAGS, summary: `The ${list}, one row per recipient (or sender)`, querystring: ViewQuery, response: { 200: ListEntriesResponse } },
    }, async (request) => {
      const q = request.query
      const { total, rows } = listRows(await lists.listPairs(applianceOf(request).id, list), { ...q, offset: q.offset ?? 0, limit: q.limit ?? 100 })
      return { meta: { totalCount: total }, data: rows.map((row) => wireRow(q.viewBy, row)) }
    })

    app.post(path, {
      schema: { tags: TAGS, summary: `Adds to the ${list} (add, append) or sets rows of it (edit)`, body: ChangeBody, response: { 200: ListChangeResponse } },
    }, async (request) => {
      const appliance = applianceOf(request)
      const change = listChange(request.body)
      await lists.changeList(appliance.id, appliance.orgId, list, (current) => applyListChange(current, change))
      return { data: { message: CHANGE_MESSAGES[change.action] } }
    })

    app.delete(path, {
      schema: { tags: TAGS, summary: `Deletes recipients' (or senders') rows from the ${list}`, body: DeleteBody, response: { 200: ListChangeResponse } },
    }, async (request) => {
      const appliance = applianceOf(request)
      const change = listChange({ ...request.body, action: 'delete' })
      await lists.changeList(appliance.id, appliance.orgId, list, (current) => applyListChange(current, change))
      return { data: { message: CHANGE_MESSAGES.delete } }
    })
  }
}
