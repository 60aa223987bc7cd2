// The module-instance wrapper (one-click): a product tenant gets exactly one module instance of a type. The plan
// says what to do with the org's instances of that type; the instance itself is made by the module-instance rules.
import type { ModuleInstance } from './module-instances.ts'

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
