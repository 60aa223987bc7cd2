// The modules an enrich/response call fans out to, and what their adapters need, for one request.
import type { FastifyRequest } from 'fastify'
import { resolveModules, type ModuleContext, type ResolvedModule } from '../modules/index.ts'
import type { CtrRuntime } from '../runtime.ts'
import { baseUrl } from './base-url.ts'

export function moduleContext(runtime: CtrRuntime, request: FastifyRequest): ModuleContext {
  return {
    store: runtime.store, clock: runtime.clock, sse: runtime.sse, relay: runtime.relay, relayPolicy: runtime.relayPolicy,
    timeoutMs: runtime.config.MODULE_TIMEOUT_MS, publicUrl: baseUrl(request, runtime.config.PUBLIC_URL),
  }
}

/** The org's enabled module instances, restricted to `mids` when given. */
export async function enabledModules(runtime: CtrRuntime, orgId: string, mids?: string[]): Promise<ResolvedModule[]> {
  const enabled = await runtime.store.moduleInstances.enabled(orgId)
  const instances = mids && mids.length > 0 ? enabled.filter((instance) => mids.includes(instance.id)) : enabled
  return resolveModules(runtime.store, runtime.config.REGION, instances)
}

/** One instance of the org (enabled or not), or undefined. */
export async function oneModule(runtime: CtrRuntime, orgId: string, id: string): Promise<ResolvedModule | undefined> {
  const instance = await runtime.store.moduleInstances.get(orgId, id)
  if (!instance) return undefined
  return (await resolveModules(runtime.store, runtime.config.REGION, [instance]))[0]
}
