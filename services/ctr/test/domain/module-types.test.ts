// Module-type use cases over an in-memory store: built-in types from the one resolver, an org's own types.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { addModuleType, changeModuleType, deleteModuleType, getModuleType, listModuleTypes, resolveModuleType } from '../../src/domain/module-types.ts'
import { memoryContext, NOW } from '../support/memory-context.ts'

const caller = { orgId: 'org-a', userId: 'user-a', clientId: 'client-a' }
const pulsedive = { title: 'Pulsedive', default_name: 'Pulsedive', properties: { url: 'http://relay.example/' }, max_nb_instances: 2 }

test('the resolver knows the built-in types of the region and each org\'s own', async (t) => {
  const { ctx } = memoryContext()
  const esa = await resolveModuleType(ctx, 'org-a', builtinModuleTypeId('esa', 'NAM'))
  t.match(esa, { kind: 'esa', view: { title: 'Email Security Appliance', visibility: 'global' } })
  t.equal(await resolveModuleType(ctx, 'org-a', builtinModuleTypeId('esa', 'EU')), undefined, 'another region\'s id is unknown')
  const own = await addModuleType(ctx, caller, pulsedive)
  t.match(await resolveModuleType(ctx, 'org-a', own.id), { kind: 'relay', properties: { url: 'http://relay.example/' }, maxInstances: 2 })
  t.equal(await resolveModuleType(ctx, 'org-b', own.id), undefined, 'another org does not see it')
})

test('an org adds a type with an id from the context and its own fields', async (t) => {
  const { ctx } = memoryContext()
  const type = await addModuleType(ctx, caller, pulsedive)
  t.match(type, { title: 'Pulsedive', org_id: 'org-a', user_id: 'user-a', client_id: 'client-a', record: 'relay-module.module/RelayModule', visibility: 'org', enabled: true, created_at: NOW.toISOString() })
  t.equal(type.id, memoryContext().ctx.random.id(), 'the first seeded id')
  t.same(await getModuleType(ctx, 'org-a', type.id), type)
  await t.rejects(addModuleType(ctx, caller, { ...pulsedive, properties: { url: 'http://10.0.0.1/' } }), { code: 'invalid_request', message: /RELAY_URL_ALLOWLIST/ })
})

test('lists filter, sort and page built-in and own types together', async (t) => {
  const { ctx } = memoryContext()
  await addModuleType(ctx, caller, pulsedive)
  t.same((await listModuleTypes(ctx, 'org-a', {})).map((m) => m.title), ['Email Security Appliance', 'Relay Module', 'Mock Intelligence', 'Generic Relay', 'Generic Serverless Relay', 'Pulsedive'])
  t.same((await listModuleTypes(ctx, 'org-a', { query: 'PULSE' })).map((m) => m.title), ['Pulsedive'])
  t.same((await listModuleTypes(ctx, 'org-a', { record: 'relay-module.module/RelayModule' })).map((m) => m.title), ['Relay Module', 'Generic Relay', 'Generic Serverless Relay', 'Pulsedive'])
  t.same((await listModuleTypes(ctx, 'org-a', { sort_by: 'title', sort_order: 'desc', offset: 1, limit: 2 })).map((m) => m.title), ['Pulsedive', 'Mock Intelligence'])
})

test('a change merges the patch (null removes a key); built-in types never change', async (t) => {
  const { ctx } = memoryContext()
  const type = await addModuleType(ctx, caller, { ...pulsedive, tips: 'old' })
  const changed = await changeModuleType(ctx, 'org-a', type.id, { short_description: 'Threat intel', tips: null })
  t.equal(changed.short_description, 'Threat intel')
  t.notOk('tips' in changed)
  await t.rejects(changeModuleType(ctx, 'org-a', builtinModuleTypeId('relay', 'NAM'), {}), { code: 'forbidden', status: 403 })
  await t.rejects(changeModuleType(ctx, 'org-b', type.id, {}), { code: 'not_found', status: 404 })
})

test('a type goes only without instances, and answers what it was', async (t) => {
  const { ctx, memory } = memoryContext()
  const type = await addModuleType(ctx, caller, pulsedive)
  memory.instances.set('i1', { id: 'i1', ...caller, moduleTypeId: type.id, name: 'P', enabled: true, visibility: 'org', settings: {}, createdAt: NOW, updatedAt: NOW })
  await t.rejects(deleteModuleType(ctx, 'org-a', type.id), { code: 'conflict', status: 409 })
  memory.instances.clear()
  t.same(await deleteModuleType(ctx, 'org-a', type.id), type)
  await t.rejects(getModuleType(ctx, 'org-a', type.id), { code: 'not_found' })
  await t.rejects(deleteModuleType(ctx, 'org-a', builtinModuleTypeId('esa', 'NAM')), { code: 'forbidden' })
})
