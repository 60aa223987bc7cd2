// CTIA's compojure context routes take `/ctia/judgement/` and `/ctia/judgement/search/` as without the slash, doubled
// slashes as one, and CTIA's wrap-cors answers browser apps on other origins, exposing its paging headers.
import t from 'tap'
import { buildTestApp, judgement, newOrg } from '../helper.ts'

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
