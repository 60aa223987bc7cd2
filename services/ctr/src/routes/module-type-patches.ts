// /iroh/iroh-int/module-type-patch: the six operations of Cisco's Swagger. Cisco's SDK asks for the preview with the
// two last segments quoted as one ("action%2Fpreview"), so that spelling is routed too.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ModuleType, PatchModuleTypeParams } from '@ctrmock/types'
import {
  changeModuleTypePatch, createModuleTypePatch, deleteModuleTypePatch, getModuleTypePatch, listModuleTypePatches, previewModuleTypePatch,
} from '../domain/module-type-patches.ts'
import { routeNotFound } from '../domain/errors.ts'
import type { CtrWiring } from '../wiring.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'
import { callerOf } from './auth.ts'

const TAG = ['integration']
const BASE = '/iroh/iroh-int/module-type-patch'
const READ = 'integration/module-type-patch:read'
const WRITE = 'integration/module-type-patch:write'
const MergeStatus = Type.Union([Type.Literal('pending'), Type.Literal('merged'), Type.Literal('rejected')])
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const DryRun = Type.Object({ 'dry-run': Type.Optional(Type.Boolean()) })
const View = Type.Object({
  id: Type.String(), org_id: Type.String(), user_id: Type.String(), client_id: Type.String(), module_type_id: Type.String(),
  patch: Type.Record(Type.String(), Type.Unknown()), merge_status: MergeStatus, merge_message: Type.Optional(Type.String()),
  merged_at: Type.Optional(Type.String()), merged_by: Type.Optional(Type.String()), created_at: Type.String(), updated_at: Type.String(),
})
const NewPatch = Type.Object({ module_type_id: Type.String({ minLength: 1, maxLength: 200 }), patch: PatchModuleTypeParams }, { additionalProperties: false })
// PUT sends the whole document back; only the patch and the review fields are the caller's to change.
const ChangedPatch = Type.Object({
  patch: Type.Optional(PatchModuleTypeParams), merge_status: Type.Optional(MergeStatus), merge_message: Type.Optional(Type.String({ maxLength: 5000 })),
}, { additionalProperties: true })
const ListQuery = Type.Object({
  module_type_id: Type.Optional(Type.String({ maxLength: 200 })), user_id: Type.Optional(Type.String({ maxLength: 200 })),
  client_id: Type.Optional(Type.String({ maxLength: 200 })), merged_by: Type.Optional(Type.String({ maxLength: 200 })),
  id: Type.Optional(Type.String({ maxLength: 200 })), merge_status: Type.Optional(MergeStatus), query: Type.Optional(Type.String({ maxLength: 1000 })),
  sort_by: Type.Optional(Type.Union([Type.Literal('created_at'), Type.Literal('updated_at'), Type.Literal('merged_at'), Type.Literal('module_type_id')])),
  sort_order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })), limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
})

export async function moduleTypePatchRoutes(fastify: FastifyInstance, { wiring }: { wiring: CtrWiring }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404) }
  const { ctx } = wiring

  app.get(BASE, {
    config: { scope: READ }, schema: { tags: TAG, summary: 'Module type patches of the org', querystring: ListQuery, response: { 200: Type.Array(View), ...errors } },
  }, async (request) => {
    const { query, sort_by: sortBy, sort_order: sortOrder, offset, limit, ...filters } = request.query
    return listModuleTypePatches(ctx, request.auth!.orgId, {
      filters, query: { text: query, fields: ['module_type_id', 'merge_message'] }, sort_by: sortBy, sort_order: sortOrder, offset, limit,
    })
  })

  app.post(BASE, {
    config: { scope: WRITE }, schema: { tags: TAG, summary: 'Propose a change to a module type', querystring: DryRun, body: NewPatch, response: { 200: View, ...errors } },
  }, async (request) => createModuleTypePatch(ctx, callerOf(request), request.body, request.query['dry-run']))

  app.get(`${BASE}/:id`, {
    config: { scope: READ }, schema: { tags: TAG, summary: 'One module type patch', params: IdParams, response: { 200: View, ...errors } },
  }, async (request) => getModuleTypePatch(ctx, request.auth!.orgId, request.params.id))

  app.put(`${BASE}/:id`, {
    config: { scope: WRITE }, schema: { tags: TAG, summary: 'Change a patch or its review state', params: IdParams, querystring: DryRun, body: ChangedPatch, response: { 200: View, ...errors } },
  }, async (request) => {
    const { patch, merge_status: status, merge_message: message } = request.body
    return changeModuleTypePatch(ctx, callerOf(request), request.params.id, {
      ...(patch ? { patch } : {}), ...(status ? { merge_status: status } : {}), ...(message !== undefined ? { merge_message: message } : {}),
    }, request.query['dry-run'])
  })

  app.delete(`${BASE}/:id`, {
    config: { scope: WRITE }, schema: { tags: TAG, summary: 'Withdraw a patch (answers the deleted patch)', params: IdParams, response: { 200: View, ...errors } },
  }, async (request) => deleteModuleTypePatch(ctx, request.auth!.orgId, request.params.id))

  const preview = (id: string, request: { auth?: { orgId: string } }) => previewModuleTypePatch(ctx, request.auth!.orgId, id)
  app.get(`${BASE}/:id/action/preview`, {
    config: { scope: READ }, schema: { tags: TAG, summary: 'The module type with the patch applied', params: IdParams, response: { 200: ModuleType, ...errors } },
  }, async (request) => preview(request.params.id, request))
  app.get(`${BASE}/:id/:action`, {
    config: { scope: READ }, schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 200 }), action: Type.String({ maxLength: 200 }) }), response: { 200: ModuleType, ...errors } },
  }, async (request) => {
    if (request.params.action !== 'action/preview') throw routeNotFound('GET', request.url)
    return preview(request.params.id, request)
  })
}
