// Scripts written for Cisco's CTR hard-code its relay module-type ids; here they name ctrmock's relay type.
import { test } from 'tap'
import { buildTestApp, orgWithToken } from '../helper.ts'
import { startServerlessRelay } from '../../../../test/support/serverless-relay.ts'

const GENERIC_RELAY = 'a14ae422-01b6-5013-9876-695ff1b0ebe0'
const SERVERLESS = { NAM: '86aad484-6344-42df-922d-916b9947ec47', EU: 'a80c5f4a-74cc-4f4a-8934-571bee72acb5', APJC: 'bab9277c-221f-49f9-a56e-b62641ae348a' }

for (const region of ['NAM', 'EU', 'APJC'] as const) {
  test(`${region}: Cisco's relay type ids resolve and their instances are called as relays`, async (t) => {
    const app = await buildTestApp(t, { REGION: region })
    const relay = await startServerlessRelay()
    t.teardown(() => relay.close())
    relay.on('/refer/observables', (body) => ({ data: (body as Array<{ value: string }>).map((o) => ({ id: `ref-${o.value}`, title: 'Search', description: 'Search it', url: `https://relay.example/?q=${o.value}` })) }))
    const org = await orgWithToken(app)
    for (const [typeId, title] of [[GENERIC_RELAY, 'Generic Relay'], [SERVERLESS[region], 'Generic Serverless Relay']] as const) {
      const type = await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-type/${typeId}`, headers: org.auth })
      t.match(type.json(), { id: typeId, title, record: 'relay' })
      const created = await app.inject({
        method: 'POST', url: '/iroh/iroh-int/module-instance', headers: org.auth,
        payload: { name: title, module_type_id: typeId, visibility: 'org', settings: { url: relay.url, 'authorization-header': relay.authorization } },
      })
      t.equal(created.statusCode, 200, created.body)
      t.equal(created.json().module_type_id, typeId)
    }
    const others = Object.entries(SERVERLESS).filter(([r]) => r !== region).map(([, id]) => id)
    for (const id of others) t.equal((await app.inject({ method: 'GET', url: `/iroh/iroh-int/module-type/${id}`, headers: org.auth })).statusCode, 404, 'another region\'s serverless type is unknown here')
    const refer = await app.inject({ method: 'POST', url: '/iroh/iroh-enrich/refer/observables', headers: org.auth, payload: [{ type: 'ip', value: '1.2.3.4' }] })
    t.same(refer.json().errors, [])
    t.same(refer.json().data.map((r: { module_type_id: string }) => r.module_type_id).sort(), [GENERIC_RELAY, SERVERLESS[region]].sort())
  })
}
