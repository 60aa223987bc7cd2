// IROH's compojure routes take a collection's path with a trailing slash as without it (public scripts list module
// types at `/iroh/iroh-int/module-type/`), doubled slashes as one (DevNet's trigger sample sends
// `/iroh/iroh-response//respond/trigger/...`), and browser apps on other origins get CORS answers.
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

test('doubled slashes reach the same route', async (t) => {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app)
  const types = await app.inject({ method: 'GET', url: '/iroh//iroh-int//module-type', headers: org.auth })
  t.equal(types.statusCode, 200)
})

test('a browser app on a local origin gets CORS answers; CORS_ALLOW_ORIGIN names others', async (t) => {
  const app = await buildTestApp(t)
  const origin = 'http://localhost:3000'
  const preflight = await app.inject({
    method: 'OPTIONS', url: '/iroh/oauth2/token',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  })
  t.equal(preflight.statusCode, 204, 'the preflight is answered')
  t.equal(preflight.headers['access-control-allow-origin'], origin)
  t.match(String(preflight.headers['access-control-allow-methods']), /POST/)
  t.match(String(preflight.headers['access-control-allow-headers']), /authorization/)
  const org = await orgWithToken(app)
  const types = await app.inject({ method: 'GET', url: '/iroh/iroh-int/module-type', headers: { ...org.auth, origin } })
  t.equal(types.headers['access-control-allow-origin'], origin, 'an answer names the origin it may be read by')
  t.match(String(types.headers['access-control-expose-headers']), /X-Total-Hits/)

  // Cisco's module-maker app runs from GitHub Pages: a deployment names that origin to let it in.
  const pages = 'https://ciscosecurity.github.io'
  const refused = await app.inject({ method: 'OPTIONS', url: '/iroh/oauth2/token', headers: { origin: pages, 'access-control-request-method': 'POST' } })
  t.notOk(refused.headers['access-control-allow-origin'], 'by default only local origins, as CTIA\'s default')
  const open = await buildTestApp(t, { CORS_ALLOW_ORIGIN: 'https://ciscosecurity\\.github\\.io' })
  const allowed = await open.inject({ method: 'OPTIONS', url: '/iroh/oauth2/token', headers: { origin: pages, 'access-control-request-method': 'POST' } })
  t.equal(allowed.headers['access-control-allow-origin'], pages)
})
