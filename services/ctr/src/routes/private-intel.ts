// XDR's /iroh/private-intel routes (specs iroh-private-intel.json): incidents, notes, bundle import and bulk delete,
// answered by the paired intel service, then the MITRE, incident-summary and asset-property routes. Each forwards the caller's own token, query and body to the CTIA route that
// does the work, and passes its answer (status, body, paging headers) back; a refusal keeps CTIA's details under
// IROH's error keys, as every other /iroh answer has them. A successful write records its IROH events.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { IntelClient } from '../clients/intel.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'
import { callerOf } from './auth.ts'
import type { CtrContext } from '../domain/context.ts'
import { recordPrivateIntelWrite, type PrivateIntelWrite } from '../domain/private-intel-events.ts'
import { irohRefusal, viaIntel } from './private-intel-ctia.ts'
import { privateIntelMitreRoutes } from './private-intel-mitre.ts'
import { privateIntelSummaryRoutes } from './private-intel-summaries.ts'
import { privateIntelAssetRoutes } from './private-intel-assets.ts'

type Params = Record<string, string>

interface Forward {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  url: string
  /** The CTIA path the call goes to. */
  to: (params: Params) => string
  scope: string
  summary: string
  /** The success status the Swagger documents, where it differs from CTIA's. */
  created?: number
  /** The write it makes, for its IROH events. */
  write?: PrivateIntelWrite
  /** The incident its events compare the write with, read before it. */
  before?: (params: Params) => string
}

const incident = (params: Params) => `/ctia/incident/${encodeURIComponent(params.incident_id!)}`

// Scopes as the Swagger's descriptions name them.
const FORWARDS: readonly Forward[] = [
  { method: 'GET', url: '/iroh/private-intel/incident/search', to: () => '/ctia/incident/search', scope: 'private-intel/incident:read', summary: 'Search incidents in Private Intel' },
  { method: 'POST', url: '/iroh/private-intel/incident', to: () => '/ctia/incident', scope: 'private-intel/incident:write', summary: 'Post an incident to Private Intel', write: 'incident-created' },
  { method: 'GET', url: '/iroh/private-intel/incident/:incident_id', to: incident, scope: 'private-intel/incident:read', summary: 'Get incident in Private Intel' },
  { method: 'PATCH', url: '/iroh/private-intel/incident/:incident_id', to: incident, scope: 'private-intel/incident', summary: 'Patch an incident in Private Intel', write: 'incident-updated', before: incident },
  { method: 'POST', url: '/iroh/private-intel/incident/:incident_id/status', to: (p) => `${incident(p)}/status`, scope: 'private-intel/incident:write', summary: 'Post an incident status to Private Intel', write: 'incident-status', before: incident },
  { method: 'POST', url: '/iroh/private-intel/note', to: () => '/ctia/note', scope: 'private-intel/note:write', summary: 'Post a Note to Private Intel', created: 200, write: 'note-created' },
  { method: 'POST', url: '/iroh/private-intel/bundle/import', to: () => '/ctia/bundle/import', scope: 'private-intel:write', summary: 'POST many new entities using a single HTTP call', write: 'bundle-import' },
  { method: 'DELETE', url: '/iroh/private-intel/bulk', to: () => '/ctia/bulk', scope: 'private-intel:write', summary: 'DELETE many entities at once', write: 'bulk-delete' },
]

function queryOf(request: FastifyRequest): string {
  const at = request.url.indexOf('?')
  return at < 0 ? '' : request.url.slice(at + 1)
}

export async function privateIntelRoutes(app: FastifyInstance, { intel, ctx }: { intel: IntelClient, ctx: CtrContext }) {
  const errors = { ...AUTH_ERRORS, ...errorResponses(400, 404, 503, 504) }
  for (const forward of FORWARDS) {
    app.route({
      method: forward.method, url: forward.url,
      config: { scope: forward.scope },
      schema: { tags: ['private-intel'], summary: forward.summary, response: { '2xx': Type.Unknown(), ...errors } },
      handler: async (request, reply) => {
        const authorization = request.headers.authorization!
        const params = request.params as Params
        const before = forward.before ? await viaIntel(intel.forward('GET', forward.before(params), authorization, {})) : undefined
        const answer = await viaIntel(intel.forward(forward.method, forward.to(params), authorization, {
          query: queryOf(request), ...(request.body === undefined ? {} : { body: request.body }),
        }))
        if (answer.status >= 400) return reply.code(answer.status).headers(answer.headers).send(irohRefusal(answer.status, answer.body))
        if (forward.write) {
          await recordPrivateIntelWrite(ctx, callerOf(request), forward.write, answer.body, before?.status === 200 ? before.body as Record<string, unknown> : undefined)
        }
        return reply.code(answer.status === 201 && forward.created ? forward.created : answer.status).headers(answer.headers).send(answer.body)
      },
    })
  }
  await app.register(privateIntelMitreRoutes, { intel })
  await app.register(privateIntelSummaryRoutes, { intel })
  await app.register(privateIntelAssetRoutes, { intel })
}
