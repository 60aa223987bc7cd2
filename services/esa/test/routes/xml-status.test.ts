// GET /xml/status as monitoring tools poll it: the admin's Basic credentials get the appliance's XML status page,
// its counters and rates from the appliance's own tracked messages, and the SMTP connections open to it.
import t from 'tap'
import { connect } from 'node:net'
import { once } from 'node:events'
import { listen } from '@ctrmock/kit'
import { asOrg, basic, buildTestApp, createOrg, T0, until } from '../helper.ts'

const app = await buildTestApp(t, {
  readMachine: async () => ({ cpuLoad: 0.25, memoryUsed: 0.5, swapUsed: 0 }),
  readDisk: async () => ({ usedFraction: 0.3, freeBytes: 2 * 2 ** 30 }),
})
await listen(app, 0)
const smtpPort = await app.smtp.started

type Attributes = Record<string, string>
const attributesOf = (text: string): Attributes => Object.fromEntries([...text.matchAll(/([a-z0-9_]+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!]))

/** The page's elements: counters, rates and gauges by name, the others by tag. */
function read(xml: string) {
  const section = (tag: string) => new Map([...(new RegExp(`<${tag}s>([\\s\\S]*?)</${tag}s>`).exec(xml)?.[1] ?? '').matchAll(new RegExp(`<${tag}\\s([^>]*?)/>`, 'g'))]
    .map(([, body]) => attributesOf(body!)).map((a) => [a.name!, a] as const))
  const tags = new Map([...xml.matchAll(/<([a-z_]+)\s([^>]*?)\/?>/g)].map(([, tag, body]) => [tag!, attributesOf(body!)] as const))
  return { tags, counters: section('counter'), rates: section('rate'), gauges: section('gauge') }
}

const status = async (headers: Record<string, string>) => {
  const res = await app.inject({ method: 'GET', url: '/xml/status', headers })
  return { res, page: read(res.body) }
}

t.test("an appliance's page counts its own mail, with rates over the last 1, 5 and 15 minutes", async (t) => {
  const org = await createOrg(app)
  const at = (secondsAgo: number) => new Date(Date.parse(T0) - secondsAgo * 1000).toISOString()
  const loaded = await app.inject({
    method: 'POST', url: '/__mock/messages', payload: {
      applianceId: org.applianceId,
      messages: [
        { sender: 'a@x.example', recipients: ['b@corp.example', 'c@corp.example'], timestamp: at(30) },
        { sender: 'a@x.example', recipients: ['b@corp.example'], timestamp: at(4 * 60) },
        { sender: 'a@x.example', recipients: ['b@corp.example'], deliveryStatus: 'Dropped By Anti-Virus', timestamp: at(10 * 60) },
        { sender: 'a@x.example', recipients: ['b@corp.example'], timestamp: at(86_400) },
      ],
    },
  })
  t.equal(loaded.statusCode, 201, loaded.body)

  const { res, page } = await status(asOrg(org))
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/xml/)
  t.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<status build="phoebe [\d.]+-\d+" hostname="[^"]+" timestamp="20260302100000">/)
  t.same(page.tags.get('system'), { status: 'online' })
  t.same(page.counters.get('inj_msgs'), { name: 'inj_msgs', reset: '4', uptime: '4', lifetime: '4' })
  t.equal(page.counters.get('inj_recips')?.lifetime, '5')
  t.equal(page.counters.get('delivered_recips')?.lifetime, '4')
  t.equal(page.counters.get('dropped_msgs')?.lifetime, '1')
  t.same(page.tags.get('current_ids'), { message_id: '4', injection_conn_id: '4', delivery_conn_id: '0' }, 'the last MID and ICID handed out')
  t.same(page.rates.get('inj_msgs'), { name: 'inj_msgs', last_1_min: '60', last_5_min: '24', last_15_min: '12' }, 'messages per hour in each window')
  t.same(page.rates.get('delivered_recips'), { name: 'delivered_recips', last_1_min: '120', last_5_min: '36', last_15_min: '12' })
  t.equal(page.gauges.get('ram_utilization')?.current, '50')
  t.equal(page.gauges.get('total_utilization')?.current, '25')
  t.equal(page.gauges.get('log_used')?.current, '30')
  t.equal(page.gauges.get('log_available')?.current, '2G')
  t.equal(page.gauges.get('kbytes_free')?.current, String(2 * 2 ** 20))

  const other = await createOrg(app)
  t.equal((await status(asOrg(other))).page.counters.get('inj_msgs')?.lifetime, '0', "another appliance's page counts none of it")
})

t.test('conn_in is the SMTP connections open to the appliance', async (t) => {
  const admin = basic('admin', 'ironport')
  const gauge = async () => (await status(admin)).page.gauges.get('conn_in')?.current
  t.equal(await gauge(), '0')
  const socket = connect(smtpPort, '127.0.0.1')
  await once(socket, 'data')
  t.equal(await gauge(), '1', 'a connection without AUTH talks to the default appliance')
  socket.end('QUIT\r\n')
  await until(async () => (await gauge()) === '0', { what: 'the connection to close' })
  t.pass('closed, it no longer counts')
})

t.test('the page needs the admin\'s credentials', async (t) => {
  const none = await app.inject({ method: 'GET', url: '/xml/status' })
  t.equal(none.statusCode, 401)
  t.match(none.headers['www-authenticate'], /^Basic /)
  t.equal((await app.inject({ method: 'GET', url: '/xml/status', headers: basic('admin', 'wrong') })).statusCode, 401)
})
