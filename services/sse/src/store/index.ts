// createSseStore(prisma): the one object SSE's domain functions receive; the only door to the database.
import type { PrismaClient } from '@ctrmock/kit/db'
import { registrationTokenStore } from './registration-tokens.ts'
import { deviceStore } from './devices.ts'
import { cloudServiceStore } from './cloud-services.ts'
import { deviceEventStore } from './device-events.ts'
import { auditLogStore } from './audit-log.ts'

import type { Database } from './database.ts'

function repositories(db: Database) {
  return {
    tokens: registrationTokenStore(db),
    devices: deviceStore(db),
    cloudServices: cloudServiceStore(db),
    events: deviceEventStore(db),
    auditLog: auditLogStore(db),
  }
}

export type SseRepositories = ReturnType<typeof repositories>

export function createSseStore(prisma: PrismaClient) {
  return {
    ...repositories(prisma),

    /**
     * Runs `work` in one transaction: a mutation and the audit entry and events that record it are written together
     * or not at all, even if the process dies between them (kill -9). Waits for a connection rather than failing.
     */
    atomically<T>(work: (repos: SseRepositories) => Promise<T>): Promise<T> {
      return prisma.$transaction((tx) => work(repositories(tx)), { maxWait: 15_000, timeout: 30_000 })
    },

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
