// Module instances: an org's configured modules. An ESA instance's Registered Device must be one SSE lists for the
// org: a draft names the device to check, the route fetches SSE's devices and hands them to saveModuleInstance.
import { DomainError } from '@ctrmock/kit/domain'
import type { Device, ModuleInstanceResponse, NewModuleInstanceParams, PatchModuleInstanceParams } from '@ctrmock/types'
import type { InstanceFilter } from '../store/module-instances.ts'
import type { Caller, CtrContext } from './context.ts'
import type { ModuleKind } from './builtin-module-types.ts'
import type { ModuleRef } from './enrich.ts'
import { recordEvent } from './iroh-events.ts'
import { invalidRequest, moduleInstanceNotEnabled, moduleInstanceNotFound, tooManyInstances, unknownModuleType } from './errors.ts'
import { newJudgement, parseJudgementSettings } from './intel.ts'
import { checkRegisteredDevice, checkSettings, mergePatch } from './module-settings.ts'
import { resolveModuleType } from './module-types.ts'
import { stableUuid } from './random.ts'

export type Settings = Record<string, unknown>

export interface ModuleInstance {
  id: string
  orgId: string
  userId: string
  clientId: string
  moduleTypeId: string
  name: string
  enabled: boolean
  visibility: 'global' | 'org' | 'user'
  settings: Settings
  externalReferences?: unknown[]
  parentId?: string
  createdAt: Date
  updatedAt: Date
}

/** ModuleInstanceResponse: exactly the Swagger's fields (it rejects others, such as `state`). */
export function moduleInstanceView(i: ModuleInstance): ModuleInstanceResponse {
  return {
    id: i.id, name: i.name, module_type_id: i.moduleTypeId, org_id: i.orgId, user_id: i.userId, client_id: i.clientId,
    enabled: i.enabled, visibility: i.visibility, settings: i.settings,
    ...(i.externalReferences ? { external_references: i.externalReferences as ModuleInstanceResponse['external_references'] } : {}),
    ...(i.parentId ? { parent_id: i.parentId } : {}),
    created_at: i.createdAt.toISOString(), updated_at: i.updatedAt.toISOString(),
  }
}

/** An instance checked and ready to write, once its Registered Device (if any) is found among SSE's devices. */
export interface InstanceDraft {
  instance: ModuleInstance
  kind: ModuleKind
  write: 'create' | 'update'
  /** The ESA device to look for in SSE's list; absent when the device did not change. */
  deviceToCheck?: string
  /** Mock Intelligence judgements follow changed settings. */
  settingsChanged: boolean
  /** Who asks for the write, as its event names them. */
  by: Caller
  /** The instance's state before an update. */
  before?: ModuleInstance
}

async function typeOf(ctx: CtrContext, orgId: string, typeId: string) {
  const type = await resolveModuleType(ctx, orgId, typeId)
  if (!type) throw unknownModuleType(typeId)
  return type
}

/** A stored instance of the org, or its default Private Intelligence instance while that stands. */
export async function findModuleInstance(ctx: CtrContext, orgId: string, id: string): Promise<ModuleInstance> {
  const fallback = await defaultPrivateIntel(ctx, orgId)
  const instance = fallback?.id === id ? fallback : await ctx.store.moduleInstances.get(orgId, id)
  if (!instance) throw moduleInstanceNotFound(id)
  return instance
}

/** The org's instances as the store filters, sorts and pages them, the default Private Intelligence among them. */
export async function listModuleInstances(ctx: CtrContext, orgId: string, filter: InstanceFilter): Promise<ModuleInstanceResponse[]> {
  const fallback = await defaultPrivateIntel(ctx, orgId)
  if (!fallback || !matchesFilter(fallback, filter)) return (await ctx.store.moduleInstances.list(orgId, filter)).map(moduleInstanceView)
  const { offset = 0, limit, ...unpaged } = filter
  const stored = await ctx.store.moduleInstances.list(orgId, unpaged)
  const at = stored.findIndex((row) => compareInstances(fallback, row, filter) < 0)
  const all = at < 0 ? [...stored, fallback] : [...stored.slice(0, at), fallback, ...stored.slice(at)]
  return all.slice(offset, limit === undefined ? undefined : offset + limit).map(moduleInstanceView)
}

// The filter the store applies, for the one instance it does not hold.
function matchesFilter(instance: ModuleInstance, filter: InstanceFilter): boolean {
  return (filter.moduleTypeId === undefined || instance.moduleTypeId === filter.moduleTypeId)
    && (filter.enabled === undefined || instance.enabled === filter.enabled)
    && (!filter.query || instance.name.toLowerCase().includes(filter.query.toLowerCase()))
    && (!filter.ids || filter.ids.includes(instance.id))
}

const SORT_KEYS = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt', module_type_id: 'moduleTypeId' } as const

// The store's order: the sort field (created_at unless named), then the id, both ascending unless asked otherwise.
function compareInstances(a: ModuleInstance, b: ModuleInstance, filter: InstanceFilter): number {
  const key = SORT_KEYS[filter.sortBy ?? 'created_at']
  const [x, y] = [a[key], b[key]]
  const byField = x instanceof Date && y instanceof Date ? x.getTime() - y.getTime() : String(x).localeCompare(String(y))
  const direction = filter.sortOrder === 'desc' ? -1 : 1
  return byField !== 0 ? byField * direction : a.id.localeCompare(b.id)
}

export async function draftNewInstance(ctx: CtrContext, caller: Caller, body: NewModuleInstanceParams): Promise<InstanceDraft> {
  const type = await typeOf(ctx, caller.orgId, body.module_type_id)
  if (type.maxInstances !== undefined
    && (await ctx.store.moduleInstances.list(caller.orgId, { moduleTypeId: body.module_type_id })).length >= type.maxInstances) {
    throw tooManyInstances(type.maxInstances)
  }
  const settings = checkSettings(type.kind, body.settings ?? {}, ctx.relayPolicy, type.properties)
  const now = ctx.clock.now(caller.orgId)
  const instance: ModuleInstance = {
    id: ctx.random.id(), ...caller, moduleTypeId: body.module_type_id, name: body.name, enabled: body.enabled ?? true,
    visibility: body.visibility, settings,
    ...(body.external_references ? { externalReferences: body.external_references } : {}),
    ...(body.parent_id ? { parentId: body.parent_id } : {}),
    createdAt: now, updatedAt: now,
  }
  return { instance, kind: type.kind, write: 'create', settingsChanged: true, by: caller, ...(type.kind === 'esa' ? { deviceToCheck: String(settings.device) } : {}) }
}

/** A change to the default Private Intelligence instance stores it, under the same id, with the change applied. */
export async function draftInstanceChange(ctx: CtrContext, by: Caller, id: string, patch: PatchModuleInstanceParams): Promise<InstanceDraft> {
  const { orgId } = by
  const fallback = await defaultPrivateIntel(ctx, orgId)
  const current = fallback?.id === id ? fallback : await findModuleInstance(ctx, orgId, id)
  const write = current === fallback ? 'create' : 'update'
  const typeId = patch.module_type_id ?? current.moduleTypeId
  if (id === defaultPrivateIntelId(orgId) && typeId !== current.moduleTypeId) throw invalidRequest('module_type_id: the default Private Intelligence module instance keeps its module type')
  const type = await typeOf(ctx, orgId, typeId)
  const settingsChanged = patch.settings !== undefined || typeId !== current.moduleTypeId
  const merged = patch.settings === null ? {} : patch.settings ? mergePatch(current.settings, patch.settings) : current.settings
  const settings = settingsChanged ? checkSettings(type.kind, merged, ctx.relayPolicy, type.properties) : current.settings
  const instance: ModuleInstance = {
    ...current, moduleTypeId: typeId, name: patch.name ?? current.name, enabled: patch.enabled ?? current.enabled,
    settings, updatedAt: ctx.clock.now(orgId),
  }
  if (patch.external_references !== undefined) instance.externalReferences = patch.external_references ?? undefined
  if (patch.parent_id !== undefined) instance.parentId = patch.parent_id ?? undefined
  const deviceChanged = type.kind === 'esa' && settingsChanged && (typeId !== current.moduleTypeId || settings.device !== current.settings.device)
  return { instance, kind: type.kind, write, settingsChanged, by, before: current, ...(deviceChanged ? { deviceToCheck: String(settings.device) } : {}) }
}

/** Writes a draft; `devices` are SSE's Threat Response devices of the org when the draft names a device to check. */
export async function saveModuleInstance(ctx: CtrContext, draft: InstanceDraft, devices: readonly Device[] = []): Promise<ModuleInstanceResponse> {
  if (draft.deviceToCheck !== undefined) checkRegisteredDevice(draft.deviceToCheck, devices)
  const { moduleInstances, judgements } = ctx.store
  const saved = draft.write === 'create' ? await moduleInstances.create(draft.instance) : await moduleInstances.update(draft.instance)
  if (!saved) throw moduleInstanceNotFound(draft.instance.id)
  if (draft.settingsChanged && draft.kind === 'mock-intel') {
    const now = ctx.clock.now(saved.orgId)
    await judgements.replaceForInstance(saved.orgId, saved.id, parseJudgementSettings(saved.settings)
      .map((spec) => newJudgement(ctx.random, saved.orgId, 'settings', { ...spec, moduleInstanceId: saved.id }, now)))
  }
  const stateChanged = draft.before ? draft.before.enabled !== saved.enabled : undefined
  await recordEvent(ctx, draft.by, instanceEvent(draft.before ? 'module-instance/updated' : 'module-instance/created', saved, stateChanged))
  return moduleInstanceView(saved)
}

/** ModuleInstanceEventData: what a module-instance event says about the instance. */
function instanceEvent(type: string, instance: ModuleInstance, stateChanged?: boolean) {
  return {
    event_type: type, module_instance_id: instance.id, module_type_id: instance.moduleTypeId, module_instance_visibility: instance.visibility,
    ...(stateChanged === undefined ? {} : { 'state_changed?': stateChanged }),
  }
}

const defaultNotDeletable = () => new DomainError('forbidden',
  'The org\'s default Private Intelligence module instance cannot be deleted; PATCH it with "enabled": false to turn it off', 403)

/** Deletes an instance with its judgements; the answer is the deleted instance. The default Private Intelligence stays. */
export async function deleteModuleInstance(ctx: CtrContext, by: Caller, id: string): Promise<ModuleInstanceResponse> {
  const { orgId } = by
  const instance = await findModuleInstance(ctx, orgId, id)
  if (id === defaultPrivateIntelId(orgId)) throw defaultNotDeletable()
  if (!(await ctx.store.moduleInstances.delete(orgId, id))) throw moduleInstanceNotFound(id)
  await ctx.store.judgements.deleteForInstance(orgId, id)
  await recordEvent(ctx, by, instanceEvent('module-instance/deleted', instance))
  return moduleInstanceView(instance)
}

/** An org's module instance with what its type says about it. */
export interface ResolvedModule {
  instance: ModuleInstance
  kind: ModuleKind
  ref: ModuleRef
  typeProperties: Record<string, unknown>
}

/** Instances with their type; instances of a type that no longer exists are left out. */
async function resolveModules(ctx: CtrContext, instances: readonly ModuleInstance[]): Promise<ResolvedModule[]> {
  const resolved = await Promise.all(instances.map(async (instance) => {
    const type = await resolveModuleType(ctx, instance.orgId, instance.moduleTypeId)
    return type && {
      instance, kind: type.kind, typeProperties: type.properties,
      ref: { name: instance.name, instanceId: instance.id, typeId: instance.moduleTypeId },
    }
  }))
  return resolved.filter((m) => m !== undefined)
}

const DEFAULT_INSTANCE_CREATED_AT = new Date('2020-05-14T00:00:00.000Z')

/** The id of the org's default Private Intelligence instance, the same whether computed or stored once changed. */
export const defaultPrivateIntelId = (orgId: string) => stableUuid(`ctrmock-private-intel:${orgId}`)

/**
 * The Private Intelligence instance an org has by default, as in Cisco's cloud, while the region has the type and
 * the org made no instance of it itself (an instance of its own, even a disabled one, takes its place).
 */
async function defaultPrivateIntel(ctx: CtrContext, orgId: string): Promise<ModuleInstance | undefined> {
  const type = privateIntelType(ctx)
  if (!type) return undefined
  const own = await ctx.store.moduleInstances.list(orgId, { moduleTypeId: type.view.id, limit: 1 })
  return defaultPrivateIntelBeside(ctx, orgId, own)
}

const privateIntelType = (ctx: CtrContext) => [...ctx.builtinTypes.values()].find((t) => t.kind === 'private-intel')

/** The default Private Intelligence instance, unless `instances` (the org's own) hold one of its type. */
function defaultPrivateIntelBeside(ctx: CtrContext, orgId: string, instances: readonly ModuleInstance[]): ModuleInstance | undefined {
  const type = privateIntelType(ctx)
  if (!type || instances.some((i) => i.moduleTypeId === type.view.id)) return undefined
  return {
    id: defaultPrivateIntelId(orgId), orgId, userId: 'ctrmock', clientId: 'ctrmock', moduleTypeId: type.view.id,
    name: type.view.default_name ?? type.view.title, enabled: true, visibility: 'org', settings: {},
    createdAt: DEFAULT_INSTANCE_CREATED_AT, updatedAt: DEFAULT_INSTANCE_CREATED_AT,
  }
}

/** The org's enabled module instances, restricted to `mids` when given: what enrich and response fan out to. */
export async function enabledModules(ctx: CtrContext, orgId: string, mids?: readonly string[]): Promise<ResolvedModule[]> {
  // All of the org's instances in one read: the enabled ones, and whether one of its own replaces the default.
  const all = await ctx.store.moduleInstances.list(orgId)
  const fallback = defaultPrivateIntelBeside(ctx, orgId, all)
  const enabled = [...all.filter((instance) => instance.enabled), ...(fallback ? [fallback] : [])]
  return resolveModules(ctx, mids && mids.length > 0 ? enabled.filter((instance) => mids.includes(instance.id)) : enabled)
}

/** One instance of the org (only an enabled one if asked); 404 when it or its type is gone. */
export async function oneModule(ctx: CtrContext, orgId: string, id: string, enabledOnly = false): Promise<ResolvedModule> {
  const fallback = await defaultPrivateIntel(ctx, orgId)
  const instance = fallback?.id === id ? fallback : await ctx.store.moduleInstances.get(orgId, id)
  const [module] = instance && (instance.enabled || !enabledOnly) ? await resolveModules(ctx, [instance]) : []
  if (!module) throw enabledOnly ? moduleInstanceNotEnabled(id) : moduleInstanceNotFound(id)
  return module
}
