// Fan-out: every enabled module instance of the org that takes part in a call is asked in parallel; each gets
// MODULE_TIMEOUT_MS, and whatever fails (timeout, unreachable, a thrown error) becomes that module's error entry.
import type { ModuleOutcome } from '../domain/enrich.ts'
import type { ModuleKind } from '../domain/builtin-module-types.ts'
import { enabledModules, type ResolvedModule } from '../domain/module-instances.ts'
import type { ModuleAdapter, ModuleApi, AdapterContext, ModuleInput } from './adapter.ts'
import { esaModule } from './esa.ts'
import { relayModule } from './relay.ts'
import { mockIntelModule } from './mock-intel.ts'
import { privateIntelModule } from './private-intel.ts'

const ADAPTERS: Record<ModuleKind, ModuleAdapter> = {
  esa: esaModule, relay: relayModule, 'mock-intel': mockIntelModule,
  'private-intel': privateIntelModule,
}

/** Asks one module; a timeout or a thrown error becomes its error entry. */
async function callModule(module: ResolvedModule, api: ModuleApi, input: ModuleInput, ctx: AdapterContext): Promise<ModuleOutcome> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<ModuleOutcome>((resolve) => {
    timer = setTimeout(() => resolve({
      module: module.ref,
      errors: [{ type: 'fatal', code: 'request timeout', message: `${module.instance.name} did not answer within ${ctx.timeoutMs} ms` }],
    }), ctx.timeoutMs)
  })
  const answer = ADAPTERS[module.kind].call(module, api, input, ctx).then(
    (a) => ({ module: module.ref, ...a }),
    (error: unknown) => ({
      module: module.ref,
      errors: [{ type: 'fatal', code: 'unknown', message: `${module.instance.name} failed: ${error instanceof Error ? error.message : String(error)}` }],
    }),
  )
  try {
    return await Promise.race([answer, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The org's enabled modules (or the `mids` given) that take part in `api`, asked in parallel. */
export async function askEnabled(ctx: AdapterContext, orgId: string, api: ModuleApi, input: ModuleInput, mids?: readonly string[]): Promise<ModuleOutcome[]> {
  const modules = (await enabledModules(ctx, orgId, mids)).filter((m) => ADAPTERS[m.kind].wants(m, api, input))
  return Promise.all(modules.map((m) => callModule(m, api, input, ctx)))
}

/** One module's answer, or undefined when it takes no part in `api`. */
export async function askOne(module: ResolvedModule, api: ModuleApi, input: ModuleInput, ctx: AdapterContext): Promise<ModuleOutcome | undefined> {
  return ADAPTERS[module.kind].wants(module, api, input) ? callModule(module, api, input, ctx) : undefined
}
