// Operations of Cisco's IROH Swagger (specs/iroh) that ctrmock does not implement answer a vendor-shaped 501,
// never a 404 that looks like a typo nor a fake success. The contract test keeps this list equal to the Swagger's
// operations minus the implemented ones (see CONFORMANCE.md).
import type { FastifyInstance } from 'fastify'
import { notImplemented } from '../domain/errors.ts'

export const NOT_IMPLEMENTED: ReadonlyArray<readonly [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string]> = [
  ['GET', '/iroh/iroh-auth/login'],
  ['GET', '/iroh/iroh-auth/login/{idp}/answer'],
  ['GET', '/iroh/iroh-auth/login/{idp}'],
  ['GET', '/iroh/iroh-auth/logout'],
  ['GET', '/iroh/iroh-auth/invite/confirm'],
  ['GET', '/iroh/iroh-auth/invite/prompt/{invite-id}'],
  ['GET', '/iroh/iroh-auth/logins'],
  ['POST', '/iroh/iroh-auth/code'],
  ['GET', '/iroh/iroh-auth/handle-org-access-request'],
  ['GET', '/iroh/iroh-auth/session/validate'],
  ['POST', '/iroh/iroh-auth/session/exchange'],
  ['POST', '/iroh/iroh-auth/session/logout'],
  ['POST', '/iroh/iroh-enrich/query/ocsf-sync'],
  ['POST', '/iroh/iroh-enrich/query/ocsf'],
  ['GET', '/iroh/iroh-int/module-type-patch'],
  ['POST', '/iroh/iroh-int/module-type-patch'],
  ['GET', '/iroh/iroh-int/module-type-patch/{id}'],
  ['PUT', '/iroh/iroh-int/module-type-patch/{id}'],
  ['DELETE', '/iroh/iroh-int/module-type-patch/{id}'],
  ['GET', '/iroh/iroh-int/module-type-patch/{id}/action/preview'],
  ['POST', '/iroh/iroh-int/module-instance-wrapper'],
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
