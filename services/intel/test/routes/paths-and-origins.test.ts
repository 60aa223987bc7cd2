// CTIA's compojure context routes take `/ctia/judgement/` and `/ctia/judgement/search/` as without the slash, doubled
// slashes as one, and CTIA's wrap-cors answers browser apps on other origins, exposing its paging headers. A JSON
// Content-Type with no body is no body, as CTIA takes it (SecureX's incident cleanup deletes by search that way).
import t from 'tap'
import { buildTestApp, create, judgement, newOrg } from '../helper.ts'

t.test('a create and a search with a trailing slash reach their routes', async (t) => {
  const intel = await buildTestApp(t)
  const headers = intel.auth(newOrg())
  const created = await intel.app.inject({ method: 'POST', url: '/ctia/judgement/', headers, payload: judgement() })
  t.equal(created.statusCode, 201, 'created')
  const found = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/?query=*', headers })
  t.equal(found.statusCode, 200)
  t.same(found.json().map((j: { id: string }) => j.id), [created.json().id], 'and found')
})

t.test('doubled slashes and a cross-origin search', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await intel.app.inject({ method: 'POST', url: '/ctia/judgement', headers: intel.auth(org), payload: judgement() })
  const origin = 'http://localhost:3000'
  const found = await intel.app.inject({ method: 'GET', url: '/ctia//judgement/search?query=*', headers: { ...intel.auth(org), origin } })
  t.equal(found.statusCode, 200)
  t.equal(found.headers['access-control-allow-origin'], origin)
  t.match(String(found.headers['access-control-expose-headers']), /X-Total-Hits.*X-Next.*X-Previous.*X-Sort/, 'a browser app may read the paging headers')
})

t.test('a delete by search sent with a JSON Content-Type and no body deletes; a create without a body is a 400', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  await create(intel, org, 'judgement', judgement({ priority: 1 }))
  const headers = { ...intel.auth(org), 'content-type': 'application/json' }
  const dry = await intel.app.inject({ method: 'DELETE', url: '/ctia/judgement/search?query=priority:1', headers })
  t.same({ status: dry.statusCode, body: dry.json() }, { status: 200, body: 1 }, 'the dry run counts')
  const real = await intel.app.inject({ method: 'DELETE', url: '/ctia/judgement/search?query=priority:1&REALLY_DELETE_ALL_THESE_ENTITIES=true', headers })
  t.same({ status: real.statusCode, body: real.json() }, { status: 200, body: 1 }, 'the confirmed one deletes')
  t.equal((await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search/count', headers: intel.auth(org) })).json(), 0)

  const bodiless = await intel.app.inject({ method: 'POST', url: '/ctia/judgement', headers })
  t.equal(bodiless.statusCode, 400, 'a create needs its body')
  t.match(bodiless.json(), { type: 'compojure.api.exception/request-validation' })
})
