// Fan-out: every enabled module instance of the org that takes part in a call is asked in parallel; each gets
// MODULE_TIMEOUT_MS, and whatever fails (timeout, unreachable, a thrown error) becomes that module's error entry.
import type { ModuleOutcome } from '../domain/enrich.ts'
import type { ModuleInstance } from '../domain/module-instances.ts'
import { builtinModuleTypes, type ModuleKind } from '../domain/module-types.ts'
import type { CtrStore } from '../store/index.ts'
import type { ModuleAdapter, ModuleApi, ModuleContext, ModuleInput, ResolvedModule } from './context.ts'
import { esaModule } from './esa.ts'
import { relayModule } from './relay.ts'
import { mockIntelModule } from './mock-intel.ts'

export type { ModuleApi, ModuleContext, ModuleInput, ResolvedModule } from './context.ts'

const ADAPTERS: Record<ModuleKind, ModuleAdapter> = { esa: esaModule, relay: relayModule, 'mock-intel': mockIntelModule }

/** Built-in types by id, for this region. */
type BuiltinKinds = Map<string, { kind: ModuleKind; properties: Record<string, unknown> }>
const builtinsByRegion = new Map<string, BuiltinKinds>()

/** The built-in module types of a region by id (the same for the life of the process). */
export function builtinKinds(region: string): BuiltinKinds {
  let kinds = builtinsByRegion.get(region)
  if (!kinds) {
    kinds = new Map(builtinModuleTypes(region).map((t) => [t.view.id, { kind: t.kind, properties: (t.view.properties ?? {}) as Record<string, unknown> }]))
    builtinsByRegion.set(region, kinds)
  }
  return kinds
}

/** Instances with their kind; instances of a type that no longer exists are left out. */
export async function resolveModules(store: CtrStore, region: string, instances: readonly ModuleInstance[]): Promise<ResolvedModule[]> {
  const builtins = builtinKinds(region)
  const custom = new Map<string, Record<string, unknown>>()
  const resolved: ResolvedModule[] = []
  for (const instance of instances) {
    let kind: ModuleKind = 'relay'
    let properties = builtins.get(instance.moduleTypeId)?.properties
    if (properties) kind = builtins.get(instance.moduleTypeId)!.kind
    else {
      if (!custom.has(instance.moduleTypeId)) {
        const type = await store.moduleTypes.get(instance.orgId, instance.moduleTypeId)
        if (type) custom.set(instance.moduleTypeId, (type.definition.properties ?? {}) as Record<string, unknown>)
      }
      properties = custom.get(instance.moduleTypeId)
      if (!properties) continue
    }
    resolved.push({
      instance, kind, typeProperties: properties,
      ref: { name: instance.name, instanceId: instance.id, typeId: instance.moduleTypeId },
    })
  }
  return resolved
}

async function callOne(module: ResolvedModule, api: ModuleApi, input: ModuleInput, ctx: ModuleContext): Promise<ModuleOutcome> {
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

export function participants(modules: readonly ResolvedModule[], api: ModuleApi, input: ModuleInput): ResolvedModule[] {
  return modules.filter((m) => ADAPTERS[m.kind].wants(m, api, input))
}

export async function fanOut(modules: readonly ResolvedModule[], api: ModuleApi, input: ModuleInput, ctx: ModuleContext): Promise<ModuleOutcome[]> {
  return Promise.all(participants(modules, api, input).map((m) => callOne(m, api, input, ctx)))
}

export async function callModule(module: ResolvedModule, api: ModuleApi, input: ModuleInput, ctx: ModuleContext): Promise<ModuleOutcome> {
  return callOne(module, api, input, ctx)
}
