// Module types an org sees: the region's built-in ones and the org's own, which run as relay modules (properties.url
// or the instance's `url` setting), as Cisco's relay module types do.
import type { StoredModuleType } from '../store/module-types.ts'
import type { Caller, CtrContext } from './context.ts'
import { RELAY_MODULE_RECORD, type ModuleTypeView, type ResolvedModuleType } from './builtin-module-types.ts'
import { builtinModuleTypeReadOnly, moduleTypeInUse, moduleTypeNotFound } from './errors.ts'
import type { RelayUrlPolicy } from './relay-urls.ts'
import { mergePatch } from './module-settings.ts'

export interface ModuleTypeQuery {
  enabled?: boolean
  record?: string
  query?: string
  sort_by?: 'title' | 'created_at' | 'updated_at' | 'default_name'
  sort_order?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

function customType(type: StoredModuleType): ResolvedModuleType {
  const { title, default_name: defaultName, enabled, ...definition } = type.definition as Record<string, unknown> & { title: string; default_name: string; enabled?: boolean }
  const view = {
    ...(definition as Partial<ModuleTypeView>), title, default_name: defaultName, id: type.id, org_id: type.orgId, user_id: type.userId, client_id: type.clientId,
    // An org's own type runs as a relay module.
    record: RELAY_MODULE_RECORD, visibility: 'org', enabled: enabled ?? true,
    created_at: type.createdAt.toISOString(), updated_at: type.updatedAt.toISOString(),
  } as ModuleTypeView
  const max = definition.max_nb_instances
  return { kind: 'relay', view, properties: (definition.properties ?? {}) as Record<string, unknown>, ...(typeof max === 'number' ? { maxInstances: max } : {}) }
}

/** The one resolver of a type id: built in, or one of the org's own; undefined when neither. */
export async function resolveModuleType(ctx: CtrContext, orgId: string, id: string): Promise<ResolvedModuleType | undefined> {
  const builtin = ctx.builtinTypes.get(id)
  if (builtin) return builtin
  const custom = await ctx.store.moduleTypes.get(orgId, id)
  return custom && customType(custom)
}

/** An org module type may name its relay's URL (properties.url): it is held to the relay allowlist when written. */
function checkDefinition(definition: Record<string, unknown>, policy: RelayUrlPolicy): void {
  const properties = definition.properties
  if (properties && typeof properties === 'object' && (properties as { url?: unknown }).url !== undefined) {
    policy.check((properties as { url?: unknown }).url, 'properties.url')
  }
}

export async function listModuleTypes(ctx: CtrContext, orgId: string, q: ModuleTypeQuery): Promise<ModuleTypeView[]> {
  const text = q.query?.toLowerCase()
  const own = (await ctx.store.moduleTypes.list(orgId)).map((t) => customType(t).view)
  const all = [...[...ctx.builtinTypes.values()].map((t) => t.view), ...own].filter((t) =>
    (q.enabled === undefined || t.enabled === q.enabled) && (q.record === undefined || t.record === q.record)
    && (!text || `${t.title} ${t.default_name} ${t.short_description ?? ''}`.toLowerCase().includes(text)))
  if (q.sort_by) {
    const key = q.sort_by
    const sign = q.sort_order === 'desc' ? -1 : 1
    all.sort((a, b) => sign * String(a[key] ?? '').localeCompare(String(b[key] ?? '')))
  }
  const offset = q.offset ?? 0
  return all.slice(offset, q.limit === undefined ? undefined : offset + q.limit)
}

export async function getModuleType(ctx: CtrContext, orgId: string, id: string): Promise<ModuleTypeView> {
  const type = await resolveModuleType(ctx, orgId, id)
  if (!type) throw moduleTypeNotFound(id)
  return type.view
}

export async function addModuleType(ctx: CtrContext, caller: Caller, definition: Record<string, unknown>): Promise<ModuleTypeView> {
  checkDefinition(definition, ctx.relayPolicy)
  const now = ctx.clock.now(caller.orgId)
  const created = await ctx.store.moduleTypes.create({ id: ctx.random.id(), ...caller, definition, createdAt: now, updatedAt: now })
  return customType(created).view
}

/** A PATCH: a null value removes the key. */
export async function changeModuleType(ctx: CtrContext, orgId: string, id: string, patch: Record<string, unknown>): Promise<ModuleTypeView> {
  if (ctx.builtinTypes.has(id)) throw builtinModuleTypeReadOnly('changed')
  const current = await ctx.store.moduleTypes.get(orgId, id)
  if (!current) throw moduleTypeNotFound(id)
  const definition = mergePatch(current.definition, patch)
  checkDefinition(definition, ctx.relayPolicy)
  const updated = await ctx.store.moduleTypes.update(orgId, id, definition, ctx.clock.now(orgId))
  if (!updated) throw moduleTypeNotFound(id)
  return customType(updated).view
}

/** Only a type without instances goes; the answer is the deleted type. */
export async function deleteModuleType(ctx: CtrContext, orgId: string, id: string): Promise<ModuleTypeView> {
  if (ctx.builtinTypes.has(id)) throw builtinModuleTypeReadOnly('deleted')
  const type = await getModuleType(ctx, orgId, id)
  if ((await ctx.store.moduleInstances.list(orgId, { moduleTypeId: id, limit: 1 })).length > 0) throw moduleTypeInUse()
  if (!(await ctx.store.moduleTypes.delete(orgId, id))) throw moduleTypeNotFound(id)
  return type
}
