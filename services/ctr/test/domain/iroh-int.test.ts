// iroh-int document use cases (integrations, module-type patches, the one-click wrapper) over an in-memory store.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { GENERIC_RELAY_TYPE_ID } from '../../src/domain/cisco-module-types.ts'
import { changeIntegration, createIntegration, deleteIntegration, getIntegration, listIntegrations } from '../../src/domain/integrations.ts'
import {
  changeModuleTypePatch, createModuleTypePatch, deleteModuleTypePatch, listModuleTypePatches, previewModuleTypePatch,
} from '../../src/domain/module-type-patches.ts'
import { setUpOneClick } from '../../src/domain/one-click.ts'
import { memoryContext, NOW } from '../support/memory-context.ts'

const caller = { orgId: 'org-a', userId: 'user-a', clientId: 'client-a' }
const RELAY = builtinModuleTypeId('relay', 'NAM')
const noDevices = async () => undefined

test('an integration keeps its fields; IROH owns id, org and times; PATCH merges, PUT replaces', async (t) => {
  const { ctx } = memoryContext()
  const made = await createIntegration(ctx, caller, { title: 'SecureX', id: 'mine', org_id: 'org-z', extra: { a: 1 } })
  t.not(made.id, 'mine', 'the caller cannot pick the id')
  t.match(made, { title: 'SecureX', org_id: 'org-a', user_id: 'user-a', extra: { a: 1 }, created_at: NOW.toISOString() })
  t.same((await changeIntegration(ctx, 'org-a', made.id, { extra: null, note: 'n' }, 'merge')).note, 'n')
  t.notOk('extra' in await getIntegration(ctx, 'org-a', made.id), 'null removed the field')
  const replaced = await changeIntegration(ctx, 'org-a', made.id, { name: 'only' }, 'replace')
  t.notOk('title' in replaced)
  t.equal(replaced.id, made.id)
  await t.rejects(getIntegration(ctx, 'org-b', made.id), { code: 'not_found', status: 404 }, 'another org does not see it')
  await createIntegration(ctx, caller, { title: 'Other' })
  t.same((await listIntegrations(ctx, 'org-a', { query: { text: 'oth', fields: ['title'] } })).map((i) => i.title), ['Other'])
  t.equal((await deleteIntegration(ctx, 'org-a', made.id)).id, made.id)
  await t.rejects(deleteIntegration(ctx, 'org-a', made.id), { code: 'not_found' })
})

test('a module-type patch names an existing type; merging records who and when; preview applies it', async (t) => {
  const { ctx } = memoryContext()
  await t.rejects(createModuleTypePatch(ctx, caller, { module_type_id: 'nope', patch: {} }), { code: 'invalid_request', message: /nope does not exist/ })
  const dry = await createModuleTypePatch(ctx, caller, { module_type_id: RELAY, patch: { title: 'X' } }, true)
  t.same(await listModuleTypePatches(ctx, 'org-a', {}), [], 'a dry run writes nothing')
  t.equal(dry.merge_status, 'pending')
  const patch = await createModuleTypePatch(ctx, caller, { module_type_id: GENERIC_RELAY_TYPE_ID, patch: { title: 'Better relay', org_id: 'evil' } })
  const preview = await previewModuleTypePatch(ctx, 'org-a', patch.id)
  t.match(preview, { id: GENERIC_RELAY_TYPE_ID, title: 'Better relay', org_id: 'global' }, 'ownership never changes')
  const merged = await changeModuleTypePatch(ctx, caller, patch.id, { merge_status: 'merged', merge_message: 'ok' })
  t.match(merged, { merge_status: 'merged', merged_by: 'user-a', merged_at: NOW.toISOString(), merge_message: 'ok' })
  t.same((await listModuleTypePatches(ctx, 'org-a', { filters: { merge_status: 'merged' } })).map((p) => p.id), [patch.id])
  t.equal((await deleteModuleTypePatch(ctx, 'org-a', patch.id)).id, patch.id)
  await t.rejects(previewModuleTypePatch(ctx, 'org-a', patch.id), { code: 'not_found', status: 404 })
})

test('one-click: one instance per product tenant, made by the module-instance rules', async (t) => {
  const { ctx, memory } = memoryContext()
  const settings = { url: 'http://relay.example/' }
  const made = await setUpOneClick(ctx, caller, { moduleTypeId: RELAY, productTenantId: 't1', type: 'one-click', settings }, noDevices)
  t.match(made, { 'created_new_module?': true, module_instances: [{ name: 'Relay Module', settings: { url: 'http://relay.example/', product_tenant_id: 't1' } }] })
  const again = await setUpOneClick(ctx, caller, { moduleTypeId: RELAY, productTenantId: 't2', type: 'one-click', settings }, noDevices)
  t.match(again, { 'created_new_module?': false, error: 'already_has_one_click' })
  t.equal(memory.instances.size, 1)
  const refused = await setUpOneClick(ctx, caller, { moduleTypeId: GENERIC_RELAY_TYPE_ID, productTenantId: 't1', type: 'one-click', settings: { url: 'http://10.0.0.1/' } }, noDevices)
  t.same(refused, { 'created_new_module?': false, error: 'unable_to_create_module', module_instances: [] }, 'a URL outside the allowlist is refused as IROH reports it')
  await t.rejects(setUpOneClick(ctx, caller, { moduleTypeId: 'nope', productTenantId: 't', type: 'one-click' }, noDevices), { code: 'invalid_request' })
  t.match(await setUpOneClick(ctx, caller, { moduleTypeId: GENERIC_RELAY_TYPE_ID, productTenantId: 't', type: 'update-to-one-click' }, noDevices), { error: 'one_click_update_not_supported' })
})
