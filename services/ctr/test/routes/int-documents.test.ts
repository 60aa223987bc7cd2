// iroh-int beyond module types and instances: integrations, module-type patches and the one-click wrapper.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { buildTestApp, orgWithToken } from '../helper.ts'

const RELAY = builtinModuleTypeId('relay', 'NAM')
const INTEL = builtinModuleTypeId('mock-intel', 'NAM')

test('iroh-int documents', async (t) => {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app)
  const other = await orgWithToken(app)
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, who = org) =>
    app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) })

  await t.test('integrations: create, list, replace, merge (null removes), delete; other orgs never see them', async (t) => {
    const created = (await call('POST', '/iroh/iroh-int/integration', { title: 'SecureX orchestration', vendor: 'Cisco', id: 'ignored' })).json()
    t.match(created, { title: 'SecureX orchestration', vendor: 'Cisco', org_id: org.orgId, user_id: String, client_id: org.clientId, visibility: 'org' })
    t.not(created.id, 'ignored', 'ids are the server\'s')
    t.same((await call('GET', '/iroh/iroh-int/integration?query=orchestration')).json().map((i: { id: string }) => i.id), [created.id])
    t.equal((await call('GET', `/iroh/iroh-int/integration/${created.id}`, undefined, other)).statusCode, 404)
    t.same((await call('GET', '/iroh/iroh-int/integration', undefined, other)).json(), [])
    const replaced = (await call('PUT', `/iroh/iroh-int/integration/${created.id}`, { title: 'Orchestration' })).json()
    t.equal(replaced.vendor, undefined)
    t.equal(replaced.created_at, created.created_at)
    const merged = (await call('PATCH', `/iroh/iroh-int/integration/${created.id}`, { vendor: 'Cisco', title: null })).json()
    t.match(merged, { vendor: 'Cisco' })
    t.notOk('title' in merged)
    t.equal((await call('DELETE', `/iroh/iroh-int/integration/${created.id}`)).statusCode, 204)
    t.equal((await call('GET', `/iroh/iroh-int/integration/${created.id}`)).statusCode, 404)
    t.equal((await call('DELETE', `/iroh/iroh-int/integration/${created.id}`)).json().error, 'integration_not_found', 'IROH\'s own code, as the SDK\'s functional tests expect')
    const poisoned = await app.inject({ method: 'POST', url: '/iroh/iroh-int/integration', headers: { ...org.auth, 'content-type': 'application/json' }, payload: '{"constructor": {"prototype": {"polluted": true}}}' })
    t.equal(poisoned.statusCode, 400)
  })

  await t.test('module-type patches: pending, preview with the patch applied, review, withdraw', async (t) => {
    const dry = await call('POST', '/iroh/iroh-int/module-type-patch?dry-run=true', { module_type_id: RELAY, patch: { title: 'Dry' } })
    t.equal(dry.statusCode, 200)
    t.same((await call('GET', '/iroh/iroh-int/module-type-patch')).json(), [], 'a dry run keeps nothing')
    const patch = (await call('POST', '/iroh/iroh-int/module-type-patch', { module_type_id: RELAY, patch: { title: 'Relay v2', tips: 'New tips' } })).json()
    t.match(patch, { module_type_id: RELAY, merge_status: 'pending', org_id: org.orgId, patch: { title: 'Relay v2' } })
    for (const url of [`/iroh/iroh-int/module-type-patch/${patch.id}/action/preview`, `/iroh/iroh-int/module-type-patch/${patch.id}/action%2Fpreview`]) {
      const preview = await call('GET', url)
      t.equal(preview.statusCode, 200, url)
      t.match(preview.json(), { id: RELAY, title: 'Relay v2', tips: 'New tips', default_name: 'Relay Module' })
    }
    t.equal((await call('GET', `/iroh/iroh-int/module-type-patch/${patch.id}/other%2Fthing`)).statusCode, 404)
    t.equal((await call('GET', `/iroh/iroh-int/module-type/${RELAY}`)).json().title, 'Relay Module', 'the type itself is unchanged')
    const merged = (await call('PUT', `/iroh/iroh-int/module-type-patch/${patch.id}`, { ...patch, merge_status: 'merged', merge_message: 'ok', org_id: 'someone-else' })).json()
    t.match(merged, { merge_status: 'merged', merge_message: 'ok', merged_by: patch.user_id, merged_at: String, org_id: org.orgId })
    t.same((await call('GET', '/iroh/iroh-int/module-type-patch?merge_status=pending')).json(), [])
    t.equal((await call('POST', '/iroh/iroh-int/module-type-patch', { module_type_id: 'nope', patch: {} })).statusCode, 400)
    t.equal((await call('GET', `/iroh/iroh-int/module-type-patch/${patch.id}`, undefined, other)).statusCode, 404)
    t.equal((await call('DELETE', `/iroh/iroh-int/module-type-patch/${patch.id}`)).json().id, patch.id)
    t.equal((await call('GET', `/iroh/iroh-int/module-type-patch/${patch.id}`)).statusCode, 404)
  })

  await t.test('module-instance wrapper: one instance per product tenant', async (t) => {
    const wrap = (type: string, extra: object = {}) => call('POST', '/iroh/iroh-int/module-instance-wrapper', { module_type_id: INTEL, product_tenant_id: 'pt-1', type, ...extra })
    t.match((await wrap('update-to-one-click')).json(), { 'created_new_module?': false, error: 'one_click_update_not_supported', module_instances: [] })
    const first = (await wrap('one-click', { settings: { judgements: 'ip:1.1.1.1=Clean' } })).json()
    t.match(first, { 'created_new_module?': true, module_instances: [{ module_type_id: INTEL, name: 'Mock Intelligence', settings: { product_tenant_id: 'pt-1' } }] })
    t.match((await wrap('one-click')).json(), { 'created_new_module?': false, error: 'already_has_one_click', module_instances: [{ id: first.module_instances[0].id }] })
    await call('DELETE', `/iroh/iroh-int/module-instance/${first.module_instances[0].id}`)
    const plain = (await call('POST', '/iroh/iroh-int/module-instance', { name: 'Intel', module_type_id: INTEL, visibility: 'org', settings: {} })).json()
    const updated = (await wrap('update-to-one-click')).json()
    t.match(updated, { 'created_new_module?': false, 'updated_module_to_one_click?': true, module_instances: [{ id: plain.id, settings: { product_tenant_id: 'pt-1' } }] })
    t.equal((await call('POST', '/iroh/iroh-int/module-instance-wrapper', { module_type_id: 'nope', product_tenant_id: 'x', type: 'one-click' })).statusCode, 400)
  })
})
