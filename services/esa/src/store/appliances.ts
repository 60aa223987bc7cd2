// Appliances, their credentials (as keys) and their MID / ICID counters.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { Appliance, NewAppliance } from '../domain/appliances.ts'
import type { RegistrationStatus } from '../domain/cloud-service-settings.ts'
import type { DeviceCredentials } from '../domain/device-auth.ts'

type Row = {
  id: string; orgId: string; hostname: string; model: string; asyncosVersion: string; serialNumber: string
  ipAddress: string; adminUser: string; apiTokenSecret: string
}

const toAppliance = (r: Row): Appliance => ({
  id: r.id, orgId: r.orgId, hostname: r.hostname, model: r.model, asyncosVersion: r.asyncosVersion,
  serialNumber: r.serialNumber, ipAddress: r.ipAddress, adminUser: r.adminUser, apiTokenSecret: r.apiTokenSecret,
})

export function applianceStore(prisma: PrismaClient, now: () => Date) {
  return {
    async get(id: string): Promise<Appliance | undefined> {
      const row = await prisma.esaAppliance.findUnique({ where: { id } })
      return row ? toAppliance(row) : undefined
    },

    /** The appliance with the device credentials its registration gave it: one statement for every proxied call. */
    async withDeviceCredentials(id: string): Promise<{ appliance: Appliance; credentials: DeviceCredentials | undefined } | undefined> {
      const [row] = await prisma.$queryRaw<Array<Row & { registrationStatus: RegistrationStatus | null } & Omit<DeviceCredentials, 'registrationStatus'>>>`
        SELECT a."id", a."orgId", a."hostname", a."model", a."asyncosVersion", a."serialNumber", a."ipAddress", a."adminUser",
               a."apiTokenSecret", s."registrationStatus", s."deviceId", s."deviceSecret"
        FROM "EsaAppliance" a LEFT JOIN "EsaCloudServiceSettings" s ON s."applianceId" = a."id"
        WHERE a."id" = ${id}`
      if (!row) return undefined
      const { registrationStatus, deviceId, deviceSecret } = row
      return { appliance: toAppliance(row), credentials: registrationStatus ? { registrationStatus, deviceId, deviceSecret } : undefined }
    },

    async byAdminCredential(key: string): Promise<Appliance | undefined> {
      const row = await prisma.esaAppliance.findUnique({ where: { adminCredential: key } })
      return row ? toAppliance(row) : undefined
    },

    async bySmtpCredential(key: string): Promise<Appliance | undefined> {
      const row = await prisma.esaAppliance.findUnique({ where: { smtpCredential: key } })
      return row ? toAppliance(row) : undefined
    },

    /** Creates the appliance with factory Cloud Service Settings (Threat Response disabled). */
    async create(a: NewAppliance): Promise<Appliance> {
      const row = await prisma.esaAppliance.create({
        data: { ...a, createdAt: now(), cloudServiceSettings: { create: { orgId: a.orgId } } },
      })
      return toAppliance(row)
    },

    /** The default appliance takes its facts and credentials from the environment at each start; its counters,
     * settings and messages survive restarts. */
    async ensure(a: NewAppliance): Promise<Appliance> {
      // The token secret stays, so jwtTokens handed out before a restart keep working.
      const { id, apiTokenSecret: _keep, ...facts } = a
      const row = await prisma.esaAppliance.upsert({
        where: { id },
        update: facts,
        create: { ...a, createdAt: now(), cloudServiceSettings: { create: { orgId: a.orgId } } },
      })
      return toAppliance(row)
    },

    /** When the appliance was provisioned, and the last MID and ICID it handed out (0 for none). */
    async sequences(id: string): Promise<{ provisionedAt: Date; lastMid: number; lastIcid: number } | undefined> {
      const row = await prisma.esaAppliance.findUnique({ where: { id }, select: { createdAt: true, nextMid: true, nextIcid: true } })
      return row ? { provisionedAt: row.createdAt, lastMid: row.nextMid - 1, lastIcid: row.nextIcid - 1 } : undefined
    },

    /** Hands out the next ICID (one per SMTP connection). */
    async nextIcid(id: string, count = 1): Promise<number> {
      const row = await prisma.esaAppliance.update({ where: { id }, data: { nextIcid: { increment: count } }, select: { nextIcid: true } })
      return row.nextIcid - count
    },

    async idsOfOrg(orgId?: string): Promise<string[]> {
      const rows = await prisma.esaAppliance.findMany({ where: orgId === undefined ? {} : { orgId }, select: { id: true } })
      return rows.map((r) => r.id)
    },

    /** Deletes appliances (their settings and messages go with them). */
    async delete(ids: string[]): Promise<number> {
      const { count } = await prisma.esaAppliance.deleteMany({ where: { id: { in: ids } } })
      return count
    },
  }
}

export type ApplianceStore = ReturnType<typeof applianceStore>
