// Module-instance use cases over an in-memory store, with SSE's devices handed in as plain values.
import { test } from 'tap'
import type { Device } from '@ctrmock/types'
import { builtinModuleTypeId, builtinModuleTypes } from '../../src/domain/builtin-module-types.ts'
import {
  defaultPrivateIntelId, deleteModuleInstance, draftInstanceChange, draftNewInstance, enabledModules, findModuleInstance,
  listModuleInstances, oneModule, saveModuleInstance,
} from '../../src/domain/module-instances.ts'
import { addModuleType } from '../../src/domain/module-types.ts'
import { memoryContext } from '../support/memory-context.ts'

const ESA = builtinModuleTypeId('esa', 'NAM')
const RELAY = builtinModuleTypeId('relay', 'NAM')
const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
const caller = { orgId: 'org-a', userId: 'user-a', clientId: 'client-a' }
const device = { id: 'dev-1', name: 'esa01', status: 'connected' } as Device

test('an ESA instance needs a device SSE lists for the org; the draft says which', async (t) => {
  const { ctx } = memoryContext()
  const draft = await draftNewInstance(ctx, caller, { module_type_id: ESA, name: 'ESA', visibility: 'org', settings: { device: ' dev-1 ' } })
  t.equal(draft.deviceToCheck, 'dev-1')
  t.same(draft.instance.settings, { device: 'dev-1', timeframe: 30 }, 'normalised, the default timeframe filled in')
  await t.rejects(saveModuleInstance(ctx, draft, []), { code: 'invalid_request', message: /not a registered device/ })
  const saved = await saveModuleInstance(ctx, draft, [device])
  t.match(saved, { name: 'ESA', module_type_id: ESA, org_id: 'org-a', enabled: true, settings: { device: 'dev-1', timeframe: 30 } })
  const renamed = await draftInstanceChange(ctx, caller, saved.id, { name: 'Mail' })
  t.equal(renamed.deviceToCheck, undefined, 'an unchanged device is not checked again')
  t.equal((await saveModuleInstance(ctx, renamed)).name, 'Mail')
  const moved = await draftInstanceChange(ctx, caller, saved.id, { settings: { device: 'dev-2' } })
  t.equal(moved.deviceToCheck, 'dev-2')
})

test('bad settings and unknown types are refused before anything is written', async (t) => {
  const { ctx, memory } = memoryContext()
  await t.rejects(draftNewInstance(ctx, caller, { module_type_id: 'nope', name: 'X', visibility: 'org' }), { code: 'invalid_request', message: /module type nope does not exist/ })
  await t.rejects(draftNewInstance(ctx, caller, { module_type_id: ESA, name: 'X', visibility: 'org', settings: { device: 'd', timeframe: 0 } }), { message: /timeframe/ })
  await t.rejects(draftNewInstance(ctx, caller, { module_type_id: RELAY, name: 'X', visibility: 'org', settings: { url: 'http://10.1.1.1/' } }), { message: /RELAY_URL_ALLOWLIST/ })
  t.equal(memory.instances.size, 0)
})

test('an org type caps its instances at max_nb_instances', async (t) => {
  const { ctx } = memoryContext()
  const type = await addModuleType(ctx, caller, { title: 'T', default_name: 'T', properties: { url: 'http://relay.example/' }, max_nb_instances: 1 })
  await saveModuleInstance(ctx, await draftNewInstance(ctx, caller, { module_type_id: type.id, name: 'one', visibility: 'org' }))
  await t.rejects(draftNewInstance(ctx, caller, { module_type_id: type.id, name: 'two', visibility: 'org' }), { message: /at most 1 instances/ })
})

test('a Mock Intelligence instance\'s judgements follow its settings and go with it', async (t) => {
  const { ctx, memory } = memoryContext()
  const saved = await saveModuleInstance(ctx, await draftNewInstance(ctx, caller, { module_type_id: INTEL, name: 'Intel', visibility: 'org', settings: { judgements: 'ip:1.2.3.4=Malicious' } }))
  t.match(memory.judgements, [{ moduleInstanceId: saved.id, observable: { type: 'ip', value: '1.2.3.4' }, disposition: 2, origin: 'settings' }])
  await saveModuleInstance(ctx, await draftInstanceChange(ctx, caller, saved.id, { settings: { judgements: 'domain:evil.test=Suspicious' } }))
  t.same(memory.judgements.map((j) => j.observable.value), ['evil.test'])
  t.same(await deleteModuleInstance(ctx, caller, saved.id).then((d) => d.id), saved.id)
  t.same(memory.judgements, [])
  await t.rejects(deleteModuleInstance(ctx, caller, saved.id), { code: 'not_found', status: 404 })
})

test('enrich fans out to enabled instances (or the mids given) whose type still exists', async (t) => {
  const { ctx, memory } = memoryContext()
  const add = async (name: string, enabled = true, typeId = INTEL) =>
    saveModuleInstance(ctx, await draftNewInstance(ctx, caller, { module_type_id: typeId, name, enabled, visibility: 'org' }))
  const a = await add('a')
  const b = await add('b')
  const off = await add('off', false)
  const type = await addModuleType(ctx, caller, { title: 'T', default_name: 'T', properties: { url: 'http://relay.example/' } })
  await add('gone', true, type.id)
  memory.types.clear()
  t.same((await enabledModules(ctx, 'org-a')).map((m) => m.ref.name), ['a', 'b'])
  t.same((await enabledModules(ctx, 'org-a', [b.id])).map((m) => m.ref), [{ name: 'b', instanceId: b.id, typeId: INTEL }])
  t.equal((await oneModule(ctx, 'org-a', off.id)).kind, 'mock-intel')
  await t.rejects(oneModule(ctx, 'org-a', off.id, true), { message: /not found or not enabled/ })
  await t.rejects(oneModule(ctx, 'org-b', a.id), { code: 'not_found', status: 404 })
})

test('every org has a Private Intelligence instance where the region has an intel service, until it makes its own', async (t) => {
  const { ctx } = memoryContext()
  t.same((await enabledModules(ctx, 'org-a')).map((m) => m.kind), [], 'no intel service: no Private Intelligence')
  const withIntel = { ...ctx, builtinTypes: builtinModuleTypes('NAM', true) }
  const PRIVATE_INTEL = builtinModuleTypeId('private-intel', 'NAM')
  const [implicit] = await enabledModules(withIntel, 'org-a')
  t.match(implicit, { kind: 'private-intel', instance: { orgId: 'org-a', moduleTypeId: PRIVATE_INTEL, name: 'Private Intelligence', enabled: true } })
  t.equal((await enabledModules(withIntel, 'org-b'))[0]!.instance.id === implicit!.instance.id, false, 'each org its own')
  t.equal((await oneModule(withIntel, 'org-a', implicit!.instance.id, true)).kind, 'private-intel', 'reachable by its id (health)')
  const off = await saveModuleInstance(withIntel, await draftNewInstance(withIntel, caller, { module_type_id: PRIVATE_INTEL, name: 'PI', visibility: 'org', enabled: false }))
  t.same(await enabledModules(withIntel, 'org-a'), [], 'a disabled instance of its own replaces the default')
  await t.rejects(draftNewInstance(withIntel, caller, { module_type_id: PRIVATE_INTEL, name: 'PI 2', visibility: 'org' }), { code: 'invalid_request', message: /at most 1 instances/ }, 'one per org')
  await deleteModuleInstance(withIntel, caller, off.id)
  t.equal((await enabledModules(withIntel, 'org-a'))[0]?.instance.id, implicit!.instance.id, 'deleted: the default is back')
})

test('the default Private Intelligence instance is listed and read like a stored one, and cannot be deleted', async (t) => {
  const { ctx: plain, memory } = memoryContext()
  const ctx = { ...plain, builtinTypes: builtinModuleTypes('NAM', true) }
  const PRIVATE_INTEL = builtinModuleTypeId('private-intel', 'NAM')
  const id = defaultPrivateIntelId('org-a')
  t.same(await listModuleInstances(plain, 'org-a', {}), [], 'no intel service: nothing listed')
  const [listed] = await listModuleInstances(ctx, 'org-a', {})
  t.same(Object.keys(listed!).sort(), ['client_id', 'created_at', 'enabled', 'id', 'module_type_id', 'name', 'org_id', 'settings', 'updated_at', 'user_id', 'visibility'])
  t.match(listed, { id, module_type_id: PRIVATE_INTEL, org_id: 'org-a', name: 'Private Intelligence', enabled: true, visibility: 'org', settings: {} })
  t.equal((await findModuleInstance(ctx, 'org-a', id)).id, id, 'read by its id')
  await t.rejects(findModuleInstance(ctx, 'org-b', id), { code: 'not_found' }, 'not another org\'s')

  const intel = await saveModuleInstance(ctx, await draftNewInstance(ctx, caller, { module_type_id: INTEL, name: 'Alpha', visibility: 'org' }))
  const byName = await listModuleInstances(ctx, 'org-a', { sortBy: 'name' })
  t.same(byName.map((i) => i.name), ['Alpha', 'Private Intelligence'], 'sorted among stored instances')
  t.same((await listModuleInstances(ctx, 'org-a', { sortBy: 'name', sortOrder: 'desc', limit: 1 })).map((i) => i.name), ['Private Intelligence'], 'and paged')
  t.same((await listModuleInstances(ctx, 'org-a', { sortBy: 'name', offset: 1 })).map((i) => i.name), ['Private Intelligence'])
  t.same((await listModuleInstances(ctx, 'org-a', { moduleTypeId: INTEL })).map((i) => i.id), [intel.id], 'filtered by type')
  t.same((await listModuleInstances(ctx, 'org-a', { query: 'private' })).map((i) => i.id), [id], 'filtered by name')
  t.same((await listModuleInstances(ctx, 'org-a', { enabled: false })), [], 'filtered by enabled')

  await t.rejects(deleteModuleInstance(ctx, caller, id), { code: 'forbidden', status: 403, message: /cannot be deleted/ })
  await t.rejects(draftInstanceChange(ctx, caller, id, { module_type_id: INTEL }), { code: 'invalid_request', message: /keeps its module type/ })
  const off = await saveModuleInstance(ctx, await draftInstanceChange(ctx, caller, id, { enabled: false }))
  t.match(off, { id, enabled: false, module_type_id: PRIVATE_INTEL }, 'a change keeps its id')
  t.equal(memory.instances.get(id)?.enabled, false, 'and stores it')
  t.same(await enabledModules(ctx, 'org-a').then((all) => all.map((m) => m.instance.id)), [intel.id], 'off: enrich leaves it out')
  t.same((await listModuleInstances(ctx, 'org-a', { moduleTypeId: PRIVATE_INTEL })).map((i) => [i.id, i.enabled]), [[id, false]], 'listed once')
  const on = await saveModuleInstance(ctx, await draftInstanceChange(ctx, caller, id, { enabled: true, name: 'PI' }))
  t.match(on, { id, enabled: true, name: 'PI' }, 'later changes update the stored row')
  await t.rejects(deleteModuleInstance(ctx, caller, id), { code: 'forbidden' }, 'stored, still not deletable')
})
