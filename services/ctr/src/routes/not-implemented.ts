// Operations of Cisco's IROH Swagger (specs/iroh) that ctrmock does not implement answer a vendor-shaped 501,
// never a 404 that looks like a typo nor a fake success. The contract test keeps this list equal to the Swagger's
// operations minus the implemented ones (see CONFORMANCE.md).
import type { FastifyInstance } from 'fastify'
import { notImplemented } from '../domain/errors.ts'

export const NOT_IMPLEMENTED: ReadonlyArray<readonly [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string]> = [
  ['GET', '/iroh/iroh-auth/invite/confirm'],
  ['GET', '/iroh/iroh-auth/invite/prompt/{invite-id}'],
  ['GET', '/iroh/iroh-auth/handle-org-access-request'],
  ['POST', '/iroh/iroh-enrich/query/ocsf-sync'],
  ['POST', '/iroh/iroh-enrich/query/ocsf'],
]

export async function notImplementedRoutes(app: FastifyInstance) {
  for (const [method, path] of NOT_IMPLEMENTED) {
    let n = 0
    const url = path.replace(/\{[^}]+\}/g, () => `:p${n++}`)
    app.route({
      method, url,
      schema: { tags: ['not implemented'], summary: 'In Cisco\'s IROH API; not implemented by ctrmock (501)' },
      handler: async () => {
        throw notImplemented(method, path)
      },
    })
  }
}
