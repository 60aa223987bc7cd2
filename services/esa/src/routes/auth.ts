// AsyncOS API authentication as an onRequest hook: HTTP Basic or the jwtToken header select the appliance a request
// acts on; request.org becomes that appliance's org (journal, faults, isolation).
import type { FastifyReply, FastifyRequest } from 'fastify'
import { authenticateApiToken, authenticateBasic } from '../domain/api-auth.ts'
import type { Appliance } from '../domain/appliances.ts'
import { unauthorized } from '../domain/errors.ts'
import type { EsaWiring } from '../wiring.ts'

/** The request slot the authenticated appliance is kept in (declared through kit's `requestSlots`). */
export const APPLIANCE = 'esaAppliance'

export function applianceOf(request: FastifyRequest): Appliance {
  const appliance = request.getDecorator<Appliance | undefined>(APPLIANCE)
  if (!appliance) throw unauthorized('Authentication required.')
  return appliance
}

export function applianceAuth(wiring: EsaWiring) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const jwt = request.headers.jwttoken
    const authorization = request.headers.authorization
    let appliance: Appliance
    if (typeof jwt === 'string' && jwt) {
      appliance = await authenticateApiToken(wiring.store.appliances, wiring.clockOf, jwt)
    } else if (authorization?.startsWith('Basic ')) {
      appliance = await authenticateBasic(wiring.store.appliances, authorization)
    } else {
      reply.header('www-authenticate', 'Basic realm="AsyncOS API"')
      throw unauthorized('Authentication required: send HTTP Basic credentials or the jwtToken header from POST /esa/api/v2.0/login.')
    }
    request.setDecorator(APPLIANCE, appliance)
    request.org = appliance.orgId
  }
}
