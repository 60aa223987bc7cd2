// IROH's compojure routes take a collection's path with a trailing slash as without it; public scripts list module
// types at `/iroh/iroh-int/module-type/` and create instances at `/iroh/iroh-int/module-instance/`.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { buildTestApp, orgWithToken } from '../helper.ts'

test('a trailing slash reaches the same route', async (t) => {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app)
  const types = await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-type/', headers: org.auth })
  t.equal(types.statusCode, 200, 'the module types are listed')
  t.ok((types.json() as Array<{ id: string }>).some((type) => type.id === builtinModuleTypeId('mock-intel', 'NAM')))

  const created = await app.inject({
    method: 'POST', url: '/iroh/iroh-int/module-instance/', headers: org.auth,
    payload: { name: 'Intel', module_type_id: builtinModuleTypeId('mock-intel', 'NAM'), visibility: 'org' },
  })
  t.equal(created.statusCode, 200, 'an instance is created')
  const listed = await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-instance', headers: org.auth })
  t.same(listed.json().map((i: { id: string }) => i.id), [created.json().id], 'and listed without the slash')
})
