// Registration tokens in Postgres. Redemption is one statement: the conditional UPDATE and the device INSERT run
// together, so among any number of concurrent claims exactly one finds the token unused and creates the device.
import type { Database } from './database.ts'
import type { DeviceRecord, NewDevice } from './devices.ts'

export interface RegistrationTokenRecord {
  token: string
  orgId: string
  batchId: string
  createdAt: Date
  expiresAt: Date
  usedAt: Date | null
  revokedAt: Date | null
  deviceId: string | null
  createdBy: string
}

export interface TokenFilter {
  orgId: string
  /** unused / used / expired / revoked, judged at `now`. */
  status?: 'unused' | 'used' | 'expired' | 'revoked'
  batchId?: string
  now: Date
}

// Timestamps go to SQL as UTC text, so the comparison never depends on the session's time zone.
const utc = (date: Date) => date.toISOString()

function statusWhere(status: TokenFilter['status'], now: Date) {
  switch (status) {
    case 'used': return { usedAt: { not: null } }
    case 'revoked': return { usedAt: null, revokedAt: { not: null } }
    case 'expired': return { usedAt: null, revokedAt: null, expiresAt: { lte: now } }
    case 'unused': return { usedAt: null, revokedAt: null, expiresAt: { gt: now } }
    default: return {}
  }
}

export function registrationTokenStore(prisma: Database) {
  return {
    async createMany(rows: RegistrationTokenRecord[]): Promise<void> {
      await prisma.registrationToken.createMany({ data: rows })
    },

    find(token: string): Promise<RegistrationTokenRecord | null> {
      return prisma.registrationToken.findUnique({ where: { token } })
    },

    list(filter: TokenFilter): Promise<RegistrationTokenRecord[]> {
      return prisma.registrationToken.findMany({
        where: { orgId: filter.orgId, ...(filter.batchId ? { batchId: filter.batchId } : {}), ...statusWhere(filter.status, filter.now) },
        orderBy: [{ createdAt: 'desc' }, { token: 'asc' }],
      })
    },

    /** Revokes a token that is neither used nor already revoked; false when nothing changed. */
    async revoke(orgId: string, token: string, now: Date): Promise<boolean> {
      const { count } = await prisma.registrationToken.updateMany({ where: { orgId, token, usedAt: null, revokedAt: null }, data: { revokedAt: now } })
      return count === 1
    },

    /**
     * Consumes the token if it is unused, unrevoked and unexpired at `now`, and creates the device of the token's org
     * in the same statement. Null when the token could not be claimed (the caller finds out why).
     */
    async redeem(token: string, now: Date, device: NewDevice): Promise<DeviceRecord | null> {
      const rows = await prisma.$queryRaw<DeviceRecord[]>`
        WITH claimed AS (
          UPDATE "RegistrationToken" SET "usedAt" = (${utc(now)}::timestamptz AT TIME ZONE 'UTC'), "deviceId" = ${device.id}
          WHERE "token" = ${token} AND "usedAt" IS NULL AND "revokedAt" IS NULL
            AND "expiresAt" > (${utc(now)}::timestamptz AT TIME ZONE 'UTC')
          RETURNING "orgId"
        )
        INSERT INTO "Device" ("id", "orgId", "name", "type", "version", "serialNumber", "ip", "callbackUrl", "description", "secret", "registeredAt")
        SELECT ${device.id}, "orgId", ${device.name}, ${device.type}, ${device.version}, ${device.serialNumber}, ${device.ip},
          ${device.callbackUrl}, '', ${device.secret}, (${utc(now)}::timestamptz AT TIME ZONE 'UTC')
        FROM claimed
        RETURNING "id", "orgId", "name", "type", "version", "serialNumber", "ip", "callbackUrl", "description", "secret",
          "registeredAt", "lastHeartbeatAt"`
      return rows[0] ?? null
    },
  }
}
