// How the /config list routes reach an appliance's lists: the scope the call names is checked first, then the kind's
// entries are read, or changed under the store's lock.
import type { FastifyRequest } from 'fastify'
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
    scoped,
    list: <T extends Named>(request: FastifyRequest, kind: ConfigKind) => entries.list<T>(scoped(request).id, kind),
    /** Applies `next` to the kind's entries and answers AsyncOS's `{data: {message}}`, with `meta` when it has one. */
    async change<T extends Named>(request: FastifyRequest, kind: ConfigKind, next: (current: T[]) => { entries: T[]; warning?: string }, message: string) {
      const appliance = scoped(request)
      const warning = await entries.change<T, string>(appliance.id, appliance.orgId, kind, (current) => {
        const { entries: changed, warning } = next(current)
        return { entries: changed, result: warning }
      })
      return { ...(warning ? { meta: { warning } } : {}), data: { message } }
    },
  }
}
