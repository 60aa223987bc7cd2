// One embedded stack with an org that went through the whole tech note (ESA registered in AMERICAS, Threat Response
// on, ESA module in CTR, a tracked mail), plus everything an attacker would want to aim at: its credentials, the
// CTR signing key, the device secret, and the ids of its resources.
import type { Test } from 'tap'
import type { ServiceApp } from '@ctrmock/kit'
import type { Stack, InstanceName } from '@ctrmock/cli'
import type { Cloud, Tenant } from '@ctrmock/client'
import { startTestStack } from '../../helpers/stack.ts'
import { databaseUrlOf, query } from './db-snapshot.ts'

export interface OrgWorld {
  tenant: Tenant
  accessToken: string
  deviceId: string
  deviceSecret: string
  moduleInstanceId: string
  moduleTypeId: string
  unusedToken: string
  messageMid: number
}

export interface World {
  stack: Stack
  cloud: Cloud
  apps: Record<InstanceName, ServiceApp>
  databases: Record<InstanceName, string>
  signingKey: { kid: string; privateKeyPem: string; publicKeyPem: string }
}

export async function startWorld(t: Test, env: Record<string, string> = {}): Promise<World> {
  const { stack, cloud } = await startTestStack(t, {
    // No hourly rate limit (the fuzz is thousands of calls); no heartbeats while snapshots are compared.
    env: { RATE_LIMIT_PER_HOUR: '0', HEARTBEAT_INTERVAL_SECONDS: '86400', CLOUD_BUSY_SECONDS: '0', ...env },
  })
  await cloud.waitReady()
  // The test stack runs every instance in this thread, so each has its app.
  const apps = Object.fromEntries(stack.instances.map((i) => [i.name, i.app!])) as Record<InstanceName, ServiceApp>
  const databases = Object.fromEntries(await Promise.all(stack.instances.map(async (i) =>
    [i.name, await databaseUrlOf(i.app!, stack.databaseServerUrl)] as const))) as Record<InstanceName, string>
  const signingKey = await newestSigningKey(databases.ctr)
  return { stack, cloud, apps, databases, signingKey }
}

async function newestSigningKey(url: string): Promise<World['signingKey']> {
  const [row] = await query<World['signingKey']>(url, 'SELECT kid, "privateKeyPem", "publicKeyPem" FROM "IrohSigningKey" ORDER BY "createdAt" DESC LIMIT 1')
  if (!row) throw new Error('CTR has no signing key')
  return row
}

/** The HMAC key behind an appliance's AsyncOS jwtToken (to forge expired or misdirected ones). */
export async function apiTokenSecret(world: World, applianceId: string): Promise<string> {
  const [row] = await query<{ apiTokenSecret: string }>(world.databases.esa, 'SELECT "apiTokenSecret" FROM "EsaAppliance" WHERE id = $1', applianceId)
  if (!row) throw new Error(`the ESA has no appliance ${applianceId}`)
  return row.apiTokenSecret
}

/** A tenant through the tech note, with an org module type, a spare registration token and a tracked mail. */
export async function integratedOrg(world: World, subject = 'reliability baseline'): Promise<OrgWorld> {
  const tenant = await world.cloud.createTenant()
  const instance = await tenant.integrateEsa('AMERICAS')
  const deviceId = String((instance.settings as { device?: string } | undefined)?.device)
  const accessToken = await tenant.ctr.accessToken()
  const moduleType = await tenant.ctr.http.json<{ id: string }>('POST', '/iroh/iroh-int/module-type', {
    body: { title: `Relay ${tenant.namOrg.orgId}`, default_name: 'Relay', properties: { url: 'http://127.0.0.1:9/', 'supported-apis': ['health'] } },
  })
  const unusedToken = (await tenant.sseAmericas.generateTokens(1, '1d')).tokens[0]!.token
  await tenant.esa.sendMail({ subject, from: 'sender@example.com', to: 'user@example.com' })
  const day = 86_400_000
  const found = await tenant.esa.searchMessages({ startDate: new Date(Date.now() - day).toISOString(), endDate: new Date(Date.now() + day).toISOString() })
  const mid = Number((found.data[0]?.attributes as { mid?: number[] } | undefined)?.mid?.[0] ?? 1)
  return {
    tenant, accessToken, deviceId, deviceSecret: (await query<{ secret: string }>(world.databases['sse-americas'], 'SELECT secret FROM "Device" WHERE id = $1', deviceId))[0]!.secret,
    moduleInstanceId: instance.id, moduleTypeId: moduleType.id, unusedToken, messageMid: mid,
  }
}

/** The id of this org's resource that a path parameter names (module instance, module type, device, token, appliance). */
export function resourceIdOf(org: OrgWorld, path: string, param: string): string | undefined {
  if (param === 'id' && path.includes('module-instance')) return org.moduleInstanceId
  if (param === 'id' && path.includes('module-type')) return org.moduleTypeId
  if (param === 'module_instance_id') return org.moduleInstanceId
  if (param === 'deviceId' || param === 'device_id') return org.deviceId
  if (param === 'token') return org.unusedToken
  if (param === 'applianceId') return org.tenant.appliance.applianceId
  return undefined
}

/** One entity of each family the isolation and fuzz tests aim at, posted to an intel instance; type → short id. */
export type IntelEntities = Record<'judgement' | 'sighting' | 'casebook' | 'incident', string>

/** Posts a judgement and a sighting of `observable`, a casebook and an incident, with the org's CTR token. */
export async function intelEntitiesOf(tenant: Tenant, observable: { type: string; value: string }, label: string, region: 'nam' | 'eu' = 'nam'): Promise<IntelEntities> {
  const intel = region === 'nam' ? tenant.intel : tenant.intelEu
  if (!intel) throw new Error(`the stack has no intel ${region} instance`)
  const at = new Date().toISOString()
  const bodies: Record<keyof IntelEntities, Record<string, unknown>> = {
    judgement: { observable, source: label, priority: 95, severity: 'High', confidence: 'High', disposition: 2, disposition_name: 'Malicious', valid_time: {}, external_ids: [`${label}-judgement`] },
    sighting: { observables: [observable], observed_time: { start_time: at }, confidence: 'High', source: label, count: 1 },
    casebook: { title: label, observables: [observable], texts: [{ type: 'text', text: label }] },
    incident: { title: label, confidence: 'High', status: 'New', incident_time: { opened: at } },
  }
  const ids: Partial<IntelEntities> = {}
  for (const [type, body] of Object.entries(bodies) as Array<[keyof IntelEntities, Record<string, unknown>]>) {
    const stored = await intel.http.json<{ id: string }>('POST', `/ctia/${type}`, { body })
    ids[type] = stored.id.slice(stored.id.lastIndexOf('/') + 1)
  }
  return ids as IntelEntities
}

/** The id of an intel entity a path parameter names: `{id}` of `/ctia/<type>/{id}...` for the posted families. */
export function intelIdOf(entities: IntelEntities, path: string, param: string): string | undefined {
  const type = /^\/ctia\/([a-z-]+)\/\{id\}/.exec(path)?.[1]
  return param === 'id' && type && type in entities ? entities[type as keyof IntelEntities] : undefined
}
