// The iroh-int document use cases' context for one request: the org's clock and the module types it sees.
import { randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { IntActor, IntContext } from '../domain/int-context.ts'
import { builtinModuleTypes } from '../domain/module-types.ts'
import type { CtrRuntime } from '../runtime.ts'
import { customView } from './module-types.ts'

export function intContext(runtime: CtrRuntime, request: FastifyRequest): IntContext {
  const orgId = request.auth!.orgId
  const builtins = builtinModuleTypes(runtime.config.REGION).map((t) => t.view)
  return {
    documents: runtime.store.documents,
    now: () => runtime.clock.now(orgId),
    newId: randomUUID,
    findModuleType: async (org, id) => {
      const builtin = builtins.find((t) => t.id === id)
      if (builtin) return builtin
      const custom = await runtime.store.moduleTypes.get(org, id)
      return custom ? customView(custom) : undefined
    },
  }
}

export function intActor(request: FastifyRequest): IntActor {
  const { orgId, userId, clientId } = request.auth!
  return { orgId, userId, clientId }
}
