// createSseStore(prisma): the one object SSE's domain functions receive; the only door to the database.
import { StateCache, invalidating } from '@ctrmock/kit'
import type { PrismaClient } from '@ctrmock/kit/db'
import { registrationTokenStore } from './registration-tokens.ts'
import { deviceStore } from './devices.ts'
import { cloudServiceStore } from './cloud-services.ts'
import { deviceEventStore } from './device-events.ts'
import { auditLogStore } from './audit-log.ts'

import type { Database } from './database.ts'
import type { DeviceRecord } from './devices.ts'

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

// What the device proxy reads on every CTR call (the org's Threat Response switch, the device row) is cached for that
// path only (portal reads stay fresh, and fail while Postgres is down); every write through this store (or a
// transaction of it) invalidates the caches. Another replica's writes show within the TTL.
const CACHE = { ttlMs: 2_000, maxEntries: 10_000 }

export function createSseStore(prisma: PrismaClient) {
  const repos = repositories(prisma)
  const threatResponse = new StateCache<boolean>(CACHE)
  const devices = new StateCache<DeviceRecord | null>(CACHE)
  const writing = <A extends unknown[], R>(write: (...args: A) => Promise<R>) => invalidating(write, threatResponse, devices)

  return {
    ...repos,
    devices: {
      ...repos.devices,
      updateDescription: writing(repos.devices.updateDescription),
      heartbeat: writing(repos.devices.heartbeat),
      delete: writing(repos.devices.delete),
    },
    cloudServices: {
      ...repos.cloudServices,
      setThreatResponse: writing(repos.cloudServices.setThreatResponse),
    },
    /** The device proxy's reads, cached. */
    proxyReads: {
      device: (orgId: string, id: string) => devices.get(`${orgId}/${id}`, () => repos.devices.findInOrg(orgId, id), (row) => row !== null),
      threatResponseEnabled: (orgId: string) => threatResponse.get(orgId, () => repos.cloudServices.threatResponseEnabled(orgId)),
    },

    /**
     * Runs `work` in one transaction: a mutation and the audit entry and events that record it are written together
     * or not at all, even if the process dies between them (kill -9). Waits for a connection rather than failing.
     */
    atomically: writing(<T>(work: (repos: SseRepositories) => Promise<T>): Promise<T> =>
      prisma.$transaction((tx) => work(repositories(tx)), { maxWait: 15_000, timeout: 30_000 })),

    /** Deletes one org's SSE rows, or every SSE row when no org is given (/__mock/reset). */
    reset: writing(async (orgId?: string): Promise<void> => {
      const where = orgId === undefined ? {} : { orgId }
      await prisma.$transaction([
        prisma.registrationToken.deleteMany({ where }),
        prisma.device.deleteMany({ where }),
        prisma.cloudServiceSetting.deleteMany({ where }),
        prisma.deviceEvent.deleteMany({ where }),
        prisma.auditLogEntry.deleteMany({ where }),
      ])
    }),
  }
}

export type SseStore = ReturnType<typeof createSseStore>
export type { RegistrationTokenRecord } from './registration-tokens.ts'
export type { DeviceRecord, NewDevice } from './devices.ts'
export type { DeviceEventRecord } from './device-events.ts'
export type { AuditLogRecord } from './audit-log.ts'
