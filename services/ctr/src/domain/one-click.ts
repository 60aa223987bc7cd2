// The module-instance wrapper (one-click): a product tenant gets exactly one module instance of a type. The plan
// says what to do with the org's instances of that type; the instance itself is made by the module-instance rules.
import { DomainError } from '@ctrmock/kit/domain'
import type { Device, ModuleInstanceResponse } from '@ctrmock/types'
import type { Caller, CtrContext } from './context.ts'
import { unknownModuleType } from './errors.ts'
import {
  draftInstanceChange, draftNewInstance, moduleInstanceView, saveModuleInstance, type InstanceDraft, type ModuleInstance,
} from './module-instances.ts'
import { resolveModuleType } from './module-types.ts'

export type OneClickType = 'one-click' | 'update-to-one-click'
export type OneClickError = 'already_has_one_click' | 'multiple_module_instances' | 'one_click_update_not_supported' | 'unable_to_create_module'

export type OneClickPlan =
  | { action: 'create' }
  | { action: 'update', instance: ModuleInstance }
  | { action: 'refuse', error: OneClickError, instances: ModuleInstance[] }

const isOneClick = (instance: ModuleInstance) => typeof instance.settings.product_tenant_id === 'string'

export function oneClickPlan(type: OneClickType, instances: ModuleInstance[]): OneClickPlan {
  const oneClick = instances.filter(isOneClick)
  if (oneClick.length > 0) return { action: 'refuse', error: 'already_has_one_click', instances: oneClick }
  if (type === 'one-click') return { action: 'create' }
  if (instances.length === 0) return { action: 'refuse', error: 'one_click_update_not_supported', instances }
  if (instances.length > 1) return { action: 'refuse', error: 'multiple_module_instances', instances }
  return { action: 'update', instance: instances[0]! }
}

export interface OneClickRequest {
  moduleTypeId: string
  productTenantId: string
  type: OneClickType
  settings?: Record<string, unknown>
}

export interface OneClickResult {
  'created_new_module?': boolean
  'updated_module_to_one_click?'?: boolean
  error?: OneClickError
  module_instances: ModuleInstanceResponse[]
}

/** SSE's devices for a draft that names a Registered Device to check; the caller's port to SSE. */
export type DevicesFor = (draft: InstanceDraft) => Promise<Device[] | undefined>

/** The wrapper's use case: the plan carried out with the module-instance rules, a refusal of those rules reported as IROH does. */
export async function setUpOneClick(ctx: CtrContext, caller: Caller, req: OneClickRequest, devicesFor: DevicesFor): Promise<OneClickResult> {
  const type = await resolveModuleType(ctx, caller.orgId, req.moduleTypeId)
  if (!type) throw unknownModuleType(req.moduleTypeId)
  const plan = oneClickPlan(req.type, await ctx.store.moduleInstances.list(caller.orgId, { moduleTypeId: req.moduleTypeId }))
  if (plan.action === 'refuse') return { 'created_new_module?': false, error: plan.error, module_instances: plan.instances.map(moduleInstanceView) }
  const settings = { ...(plan.action === 'update' ? plan.instance.settings : {}), ...req.settings, product_tenant_id: req.productTenantId }
  try {
    const draft = plan.action === 'create'
      ? await draftNewInstance(ctx, caller, { name: type.view.default_name, module_type_id: req.moduleTypeId, visibility: 'org', settings })
      : await draftInstanceChange(ctx, caller, plan.instance.id, { settings })
    const made = await saveModuleInstance(ctx, draft, await devicesFor(draft))
    return { 'created_new_module?': plan.action === 'create', 'updated_module_to_one_click?': plan.action === 'update', module_instances: [made] }
  } catch (error) {
    if (error instanceof DomainError) return { 'created_new_module?': false, error: 'unable_to_create_module', module_instances: [] }
    throw error
  }
}
