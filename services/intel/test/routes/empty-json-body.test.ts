// A JSON Content-Type with no body is no body, as CTIA takes it: SecureX's incident cleanup workflow deletes by search
// that way. A route that needs a body still refuses it, with CTIA's 400.
import t from 'tap'
import { buildTestApp, create, judgement, newOrg } from '../helper.ts'

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
