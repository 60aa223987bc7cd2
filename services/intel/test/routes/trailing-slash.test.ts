// CTIA's compojure context routes take `/ctia/judgement/` and `/ctia/judgement/search/` as without the slash.
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
