// GET /esa/api/v2.0/health as monitoring plugins and SOAR apps call it: the appliance's admin credentials (Basic or
// jwtToken) get the machine's load and memory as whole percentages, and zero queued or quarantined mail.
import t from 'tap'
import { API, asOrg, buildTestApp, createOrg } from '../helper.ts'

const machine = { cpuLoad: 0.374, memoryUsed: 0.5, swapUsed: 0.004 }
const app = await buildTestApp(t, { readMachine: async () => machine })

t.test('the appliance answers its system health to its admin, in either way of signing in', async (t) => {
  const org = await createOrg(app)
  const expected = {
    data: {
      percentage_cpu_load: 37, percentage_ram_utilization: 50, percentage_swap_utilization: 0, percentage_diskio: 0,
      percentage_queue_utilization: 0, messages_in_workqueue: 0, messages_in_pvo_quarantines: 0, resource_conservation: 0,
    },
  }
  const basic = await app.inject({ method: 'GET', url: `${API}/health`, headers: asOrg(org) })
  t.equal(basic.statusCode, 200, basic.body)
  t.same(basic.json(), expected)

  const login = await app.inject({
    method: 'POST', url: `${API}/login`,
    payload: { data: { userName: Buffer.from(org.username).toString('base64'), passphrase: Buffer.from(org.password).toString('base64') } },
  })
  const jwtToken = login.json().data.jwtToken as string
  t.same((await app.inject({ method: 'GET', url: `${API}/health`, headers: { jwttoken: jwtToken } })).json(), expected)

  machine.cpuLoad = 3.2
  t.equal((await app.inject({ method: 'GET', url: `${API}/health`, headers: asOrg(org) })).json().data.percentage_cpu_load, 100, 'a load above the cores is 100%')
})

t.test('without credentials, or with wrong ones, the answer is 401 in the AsyncOS shape', async (t) => {
  const org = await createOrg(app)
  const none = await app.inject({ method: 'GET', url: `${API}/health` })
  t.equal(none.statusCode, 401)
  t.match(none.json(), { error: { code: '401', message: /Authentication required/ } })
  const wrong = await app.inject({ method: 'GET', url: `${API}/health`, headers: asOrg({ ...org, password: 'not-it' }) })
  t.equal(wrong.statusCode, 401)
})

t.test("by default the figures are the host's, each a whole percentage", async (t) => {
  const host = await buildTestApp(t)
  const org = await createOrg(host)
  const data = (await host.inject({ method: 'GET', url: `${API}/health`, headers: asOrg(org) })).json().data as Record<string, number>
  for (const [name, value] of Object.entries(data)) t.ok(Number.isInteger(value) && value >= 0 && value <= 100, `${name} = ${value}`)
  t.ok(data.percentage_ram_utilization! > 0, 'a running host uses some memory')
})
