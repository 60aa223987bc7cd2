// GET /xml/status: the appliance's XML status page, as monitoring tools (Centreon's ESA XML API plugin, Zabbix
// templates, Prometheus exporters) read it with the admin's HTTP Basic credentials.
import type { FastifyInstance } from 'fastify'
import type { Appliance } from '../domain/appliances.ts'
import { notFound } from '../domain/errors.ts'
import { RATE_WINDOWS_MINUTES, xmlStatus, type StatusInputs, type XmlStatus } from '../domain/xml-status.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth, applianceOf } from './auth.ts'

const escape = (value: string | number) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** The page as AsyncOS lays it out: one element per figure, its values as attributes. */
function renderXmlStatus(s: XmlStatus): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<status build="${escape(s.build)}" hostname="${escape(s.hostname)}" timestamp="${s.timestamp}">`,
    `  <birth_time timestamp="${s.birthTime}"/>`,
    `  <last_counter_reset timestamp=""/>`,
    `  <system status="${s.systemStatus}" />`,
    `  <oldest_message secs="0" mid="0" />`,
    '  <features>',
    '  </features>',
    '  <counters>',
    ...s.counters.map((c) => `    <counter name="${c.name}"\n        reset="${c.value}"\n        uptime="${c.value}"\n        lifetime="${c.value}" />`),
    '  </counters>',
    `  <current_ids\n    message_id="${s.currentIds.message_id}"\n    injection_conn_id="${s.currentIds.injection_conn_id}"\n    delivery_conn_id="${s.currentIds.delivery_conn_id}" />`,
    '  <rates>',
    ...s.rates.map((r) => `    <rate name="${r.name}"\n      last_1_min="${r.last_1_min}"\n      last_5_min="${r.last_5_min}"\n      last_15_min="${r.last_15_min}" />`),
    '  </rates>',
    '  <gauges>',
    ...s.gauges.map((g) => `    <gauge name="${g.name}" current="${escape(g.current)}" />`),
    '  </gauges>',
    '</status>',
    '',
  ].join('\n')
}

async function statusInputs(wiring: EsaWiring, appliance: Appliance): Promise<StatusInputs> {
  const sequences = await wiring.store.appliances.sequences(appliance.id)
  if (!sequences) throw notFound('The appliance no longer exists.')
  // Tracked messages carry the service's time, so their recent windows are measured on it.
  const serviceNow = wiring.serviceClock.now().getTime()
  const since = RATE_WINDOWS_MINUTES.map((minutes) => new Date(serviceNow - minutes * 60_000)) as [Date, Date, Date]
  const [tallies, machine, disk] = await Promise.all([wiring.store.trackedMessages.tallies(appliance.id, since), wiring.readMachine(), wiring.readDisk()])
  return {
    hostname: appliance.hostname, asyncosVersion: appliance.asyncosVersion, now: wiring.clockOf(appliance.orgId).now(),
    ...sequences, tallies, machine, disk, connectionsIn: wiring.smtpConnections(appliance.id),
  }
}

export async function xmlStatusRoutes(app: FastifyInstance, wiring: EsaWiring): Promise<void> {
  app.addHook('onRequest', applianceAuth(wiring))
  app.get('/xml/status', {
    schema: { tags: ['Appliance pages'], summary: 'The XML status page: counters, rates and gauges of the appliance' },
  }, async (request, reply) => {
    const status = xmlStatus(await statusInputs(wiring, applianceOf(request)))
    return reply.type('text/xml; charset=utf-8').send(renderXmlStatus(status))
  })
}
