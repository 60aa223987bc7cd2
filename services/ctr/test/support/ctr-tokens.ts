// What CTR's fake neighbours share: they trust access tokens signed by CTR's keys (its JWKS, read on the first call so
// CTR may start listening after them) and keep each request's org.
import type { FastifyInstance } from 'fastify'
import { RemoteJwks } from '@ctrmock/kit'
import { IROH_CLAIMS, IROH_TOKEN_ISSUER } from '@ctrmock/types'

export interface CtrTokenCheck {
  /** The org of a request whose token was accepted. */
  orgOf(request: object): string
  close(): Promise<void>
}

export function trustCtrTokens(app: FastifyInstance, ctrJwksUrl: () => string, now: () => Date): CtrTokenCheck {
  let jwks: RemoteJwks | undefined
  app.addHook('onRequest', async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    try {
      jwks ??= new RemoteJwks(ctrJwksUrl())
      const claims = await jwks.verify(token ?? '', now(), { issuer: IROH_TOKEN_ISSUER })
      ;(request as unknown as { orgId: string }).orgId = String(claims[IROH_CLAIMS.orgId])
    } catch {
      return reply.code(401).send({ error: 'invalid_token', error_description: 'The access token is not valid' })
    }
  })
  return {
    orgOf: (request) => (request as { orgId: string }).orgId,
    close: async () => jwks?.close(),
  }
}
