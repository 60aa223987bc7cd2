// Spam Quarantine messages over the AsyncOS API: search, details, release and delete (quarantineType spam).
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ORDER_DIRECTIONS, SPAM_QUARANTINE_TYPE, SpamQuarantineActionResponse, SpamQuarantineDetailsResponse, SpamQuarantineSearchResponse,
} from '@ctrmock/types'
import {
  afterQuarantine, checkSearchPairs, detailsAttributes, FILTER_FIELDS, ORDER_FIELDS, searchAttributes, searchQuarantine,
  TEXT_OPERATORS,
} from '../domain/spam-quarantine.ts'
import { asyncosWindow } from '../domain/message-tracking.ts'
import { notFound } from '../domain/errors.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth, applianceOf } from './auth.ts'
import { oneOf } from './schemas.ts'

const TAGS = ['AsyncOS API']
const PATH = '/esa/api/v2.0/quarantine/messages'
const quarantineType = oneOf([SPAM_QUARANTINE_TYPE])
const text = Type.Optional(Type.String({ maxLength: 1000 }))
const mid = Type.Integer({ minimum: 1, maximum: 2_147_483_647 })
const Mids = Type.Array(mid, { minItems: 1, maxItems: 1000 })

// startDate / endDate are optional in the schema: AsyncOS answers their absence with its own 404, not a 400.
const SearchQuery = Type.Object({
  quarantineType,
  startDate: Type.Optional(Type.String({ maxLength: 64 })),
  endDate: Type.Optional(Type.String({ maxLength: 64 })),
  filterBy: Type.Optional(oneOf(FILTER_FIELDS)),
  filterOperator: Type.Optional(oneOf(TEXT_OPERATORS)),
  filterValue: text,
  envelopeRecipientFilterOperator: Type.Optional(oneOf(TEXT_OPERATORS)),
  envelopeRecipientFilterValue: text,
  orderBy: Type.Optional(oneOf(ORDER_FIELDS)),
  orderDir: Type.Optional(oneOf(ORDER_DIRECTIONS)),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})

export async function spamQuarantineRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))
  const quarantine = wiring.store.spamQuarantine

  app.get(PATH, {
    schema: { tags: TAGS, summary: 'Searches the Spam Quarantine (newest first)', querystring: SearchQuery, response: { 200: SpamQuarantineSearchResponse } },
  }, async (request) => {
    const { startDate, endDate, ...q } = request.query
    const window = asyncosWindow(startDate, endDate)
    checkSearchPairs(q)
    const search = { ...q, ...window, offset: q.offset ?? 0, limit: q.limit ?? 100 }
    const { total, page } = searchQuarantine(await quarantine.held(applianceOf(request).id), search)
    return { meta: { totalCount: total }, data: page.map((held) => ({ attributes: searchAttributes(held), mid: held.message.mid })) }
  })

  app.get(`${PATH}/details`, {
    schema: { tags: TAGS, summary: 'One quarantined message, with its body', querystring: Type.Object({ quarantineType, mid }), response: { 200: SpamQuarantineDetailsResponse } },
  }, async (request) => {
    const held = await quarantine.heldOne(applianceOf(request).id, request.query.mid)
    if (!held) throw notFound(`No message with MID ${request.query.mid} in the Spam Quarantine.`)
    return { data: { attributes: detailsAttributes(held), mid: held.message.mid } }
  })

  app.post(PATH, {
    schema: { tags: TAGS, summary: 'Releases quarantined messages to their recipients', body: Type.Object({ action: oneOf(['release']), mids: Mids, quarantineType }), response: { 200: SpamQuarantineActionResponse } },
  }, async (request) => {
    const released = await quarantine.letGo(applianceOf(request).id, request.body.mids, (m) => afterQuarantine(m, 'release'))
    return { data: { action: 'release' as const, totalCount: released } }
  })

  app.delete(PATH, {
    schema: { tags: TAGS, summary: 'Deletes quarantined messages', body: Type.Object({ mids: Mids, quarantineType }), response: { 200: SpamQuarantineActionResponse } },
  }, async (request) => {
    const deleted = await quarantine.letGo(applianceOf(request).id, request.body.mids, (m) => afterQuarantine(m, 'delete'))
    return { data: { action: 'delete' as const, totalCount: deleted } }
  })
}
