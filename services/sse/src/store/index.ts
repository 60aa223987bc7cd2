// createSseStore(prisma): the one object SSE's domain functions receive; the only door to the database.
import type { PrismaClient } from '@ctrmock/kit/db'
import { registrationTokenStore } from './registration-tokens.ts'
import { deviceStore } from './devices.ts'
import { cloudServiceStore } from './cloud-services.ts'
import { deviceEventStore } from './device-events.ts'
import { auditLogStore } from './audit-log.ts'

export function createSseStore(prisma: PrismaClient) {
  return {
    tokens: registrationTokenStore(prisma),
    devices: deviceStore(prisma),
    cloudServices: cloudServiceStore(prisma),
    events: deviceEventStore(prisma),
    auditLog: auditLogStore(prisma),

    /** Deletes one org's SSE rows, or every SSE row when no org is given (/__mock/reset). */
    async reset(orgId?: string): Promise<void> {
      const where = orgId === undefined ? {} : { orgId }
      await prisma.$transaction([
        prisma.registrationToken.deleteMany({ where }),
        prisma.device.deleteMany({ where }),
        prisma.cloudServiceSetting.deleteMany({ where }),
        prisma.deviceEvent.deleteMany({ where }),
        prisma.auditLogEntry.deleteMany({ where }),
      ])
    },
  }
}

export type SseStore = ReturnType<typeof createSseStore>
export type { RegistrationTokenRecord } from './registration-tokens.ts'
export type { DeviceRecord, NewDevice } from './devices.ts'
export type { DeviceEventRecord } from './device-events.ts'
export type { AuditLogRecord } from './audit-log.ts'
