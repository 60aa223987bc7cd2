// One embedded stack with an org that went through the whole tech note (ESA registered in AMERICAS, Threat Response
// on, ESA module in CTR, a tracked mail), plus everything an attacker would want to aim at: its credentials, the
// CTR signing key, the device secret, and the ids of its resources.
import type { Test } from 'tap'
import { createPrismaClient } from '@ctrmock/kit/db'
import type { ServiceApp } from '@ctrmock/kit'
import type { Stack, InstanceName } from '@ctrmock/cli'
import type { Cloud, Tenant } from '@ctrmock/client'
import { startTestStack } from '../../helpers/stack.ts'
import { databaseUrlOf } from './db-snapshot.ts'

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
  const apps = Object.fromEntries(stack.instances.map((i) => [i.name, i.app])) as Record<InstanceName, ServiceApp>
  const databases = Object.fromEntries(await Promise.all(stack.instances.map(async (i) =>
    [i.name, await databaseUrlOf(i.app, stack.databaseServerUrl)] as const))) as Record<InstanceName, string>
  const signingKey = await newestSigningKey(databases.ctr)
  return { stack, cloud, apps, databases, signingKey }
}

async function newestSigningKey(url: string): Promise<World['signingKey']> {
  const prisma = createPrismaClient(url, { poolSize: 1 })
  try {
    const rows = await prisma.$queryRawUnsafe<Array<{ kid: string; privateKeyPem: string; publicKeyPem: string }>>(
      'SELECT kid, "privateKeyPem", "publicKeyPem" FROM "IrohSigningKey" ORDER BY "createdAt" DESC LIMIT 1')
    if (!rows[0]) throw new Error('CTR has no signing key')
    return rows[0]
  } finally {
    await prisma.$disconnect()
  }
}

async function deviceSecretOf(url: string, deviceId: string): Promise<string> {
  const prisma = createPrismaClient(url, { poolSize: 1 })
  try {
    const rows = await prisma.$queryRawUnsafe<Array<{ secret: string }>>('SELECT secret FROM "Device" WHERE id = $1', deviceId)
    if (!rows[0]) throw new Error(`SSE has no device ${deviceId}`)
    return rows[0].secret
  } finally {
    await prisma.$disconnect()
  }
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
    tenant, accessToken, deviceId, deviceSecret: await deviceSecretOf(world.databases['sse-americas'], deviceId),
    moduleInstanceId: instance.id, moduleTypeId: moduleType.id, unusedToken, messageMid: mid,
  }
}
