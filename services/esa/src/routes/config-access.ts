// How the /config list routes reach an appliance's lists: the scope the call names is checked first, then the kind's
// entries are read, or changed under the store's lock.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { checkScope, type ConfigKind, type ConfigScope, type Named } from '../domain/config-lists.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceOf } from './auth.ts'

export function configAccess(wiring: EsaWiring) {
  const entries = wiring.store.configEntries
  const scoped = (request: FastifyRequest) => {
    const appliance = applianceOf(request)
    checkScope(appliance, request.query as ConfigScope)
    return appliance
  }
  return {
    list: <T extends Named>(request: FastifyRequest, kind: ConfigKind) => entries.list<T>(scoped(request).id, kind),
    /**
     * Applies `next` to the kind's entries and answers AsyncOS's `{data: {message}}`, with `meta` when it has one; an
     * add (POST) answers 201, as AsyncOS does.
     */
    async change<T extends Named>(request: FastifyRequest, reply: FastifyReply, kind: ConfigKind, next: (current: T[]) => { entries: T[]; warning?: string }, message: string) {
      const appliance = scoped(request)
      const warning = await entries.change<T, string>(appliance.id, appliance.orgId, kind, (current) => {
        const { entries: changed, warning } = next(current)
        return { entries: changed, result: warning }
      })
      if (request.method === 'POST') reply.code(201)
      return { ...(warning ? { meta: { warning } } : {}), data: { message } }
    },
  }
}
