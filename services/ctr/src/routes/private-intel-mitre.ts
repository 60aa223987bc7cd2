// XDR's MITRE ATT&CK routes on /iroh/private-intel (specs iroh-private-intel.json): the enterprise tactics with the
// org's techniques, an incident's tactics, incidents per technique. The coverage matrix answers 501: see CONFORMANCE.md.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { IntelClient } from '../clients/intel.ts'
import { notImplemented } from '../domain/errors.ts'
import { incidentsPerTechnique, incidentTactic, incidentTactics, oneTactic, searchTactics } from '../domain/mitre.ts'
import { ctiaAccess } from './private-intel-ctia.ts'
import { AUTH_ERRORS, errorResponses } from './schemas.ts'

const TAG = ['private-intel']
// Scopes as the Swagger's descriptions name them.
const INCIDENT_READ = ['global-intel:read', 'private-intel/incident:read']
const MITRE_READ = ['global-intel:read', 'private-intel:read']

const Id = Type.String({ minLength: 1, maxLength: 1000 })
const IncidentParams = Type.Object({ incident_id: Id })
const answers = (...errors: number[]) => ({ 200: Type.Unknown(), ...AUTH_ERRORS, ...errorResponses(...errors, 503, 504) })

/** The coverage-matrix operations, answered 501 in IROH's shape. */
export const COVERAGE_MATRIX: ReadonlyArray<readonly ['GET' | 'POST', string]> = [
  ['GET', '/iroh/private-intel/mitre/coverage-matrix'],
  ['GET', '/iroh/private-intel/mitre/coverage-matrix/tactic/{tactic-id}'],
  ['GET', '/iroh/private-intel/mitre/coverage-matrix/technique/{technique-id}'],
  ['GET', '/iroh/private-intel/mitre/coverage-matrix/adversary/{adversary-id}'],
  ['POST', '/iroh/private-intel/mitre/coverage-matrix/configuration/{module-instance-id}'],
  ['POST', '/iroh/private-intel/mitre/coverage-matrix/adversaries-for-techniques'],
]

export async function privateIntelMitreRoutes(fastify: FastifyInstance, { intel }: { intel: IntelClient }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const ctia = (authorization: string | undefined) => ctiaAccess(intel, authorization!)

  app.get('/iroh/private-intel/incident/:incident_id/tactics', {
    config: { scope: INCIDENT_READ },
    schema: { tags: TAG, summary: 'Get all MITRE tactics related to incident.', params: IncidentParams, response: answers(400, 404) },
  }, async (request) => incidentTactics(ctia(request.headers.authorization), request.params.incident_id))

  app.get('/iroh/private-intel/incident/:incident_id/tactic/:mitre_id', {
    config: { scope: INCIDENT_READ },
    schema: { tags: TAG, summary: 'Get MITRE tactic related to incident.', params: Type.Object({ incident_id: Id, mitre_id: Id }), response: answers(400, 404) },
  }, async (request) => incidentTactic(ctia(request.headers.authorization), request.params.incident_id, request.params.mitre_id))

  app.get('/iroh/private-intel/mitre/tactic/search', {
    config: { scope: MITRE_READ },
    schema: {
      tags: TAG, summary: 'Return requested tactics with all techniques',
      querystring: Type.Object({ ids: Type.Optional(Type.Union([Id, Type.Array(Id, { maxItems: 100 })])) }), response: answers(400),
    },
  }, async (request) => searchTactics(ctia(request.headers.authorization), [request.query.ids ?? []].flat()))

  app.get('/iroh/private-intel/mitre/tactic/:mitre_id', {
    config: { scope: MITRE_READ },
    schema: { tags: TAG, summary: 'Return requested tactic with all techniques', params: Type.Object({ mitre_id: Id }), response: answers(400, 404) },
  }, async (request) => oneTactic(ctia(request.headers.authorization), request.params.mitre_id))

  app.get('/iroh/private-intel/mitre/technique/incidents', {
    config: { scope: 'private-intel:read' },
    schema: {
      tags: TAG, summary: 'Retrieve the total number of incidents per technique.',
      querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 100 })), to: Type.Optional(Type.String({ maxLength: 100 })) }),
      response: answers(400),
    },
  }, async (request) => incidentsPerTechnique(ctia(request.headers.authorization), request.query))

  for (const [method, path] of COVERAGE_MATRIX) {
    let n = 0
    app.route({
      method, url: path.replace(/\{[^}]+\}/g, () => `:p${n++}`),
      config: { scope: MITRE_READ },
      schema: { tags: ['not implemented'], summary: 'In Cisco\'s IROH API; not implemented by ctrmock (501)' },
      handler: async () => {
        throw notImplemented(method, path)
      },
    })
  }
}
