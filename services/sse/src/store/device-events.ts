// Device events: posted by devices, or recorded by SSE about them. Newest first.
import type { Database } from './database.ts'

export interface DeviceEventRecord {
  id: string
  orgId: string
  deviceId: string
  deviceName: string
  source: string
  type: string
  message: string
  severity: string
  createdAt: Date
}

export interface DeviceEventQuery {
  orgId: string
  deviceId?: string
  type?: string
  offset: number
  limit: number
}

export function deviceEventStore(prisma: Database) {
  return {
    async add(event: DeviceEventRecord): Promise<DeviceEventRecord> {
      const { seq: _seq, ...row } = await prisma.deviceEvent.create({ data: event })
      return row
    },

    async page(q: DeviceEventQuery): Promise<{ total: number; events: DeviceEventRecord[] }> {
      const where = { orgId: q.orgId, ...(q.deviceId ? { deviceId: q.deviceId } : {}), ...(q.type ? { type: q.type } : {}) }
      const [total, rows] = await Promise.all([
        prisma.deviceEvent.count({ where }),
        prisma.deviceEvent.findMany({ where, orderBy: { seq: 'desc' }, skip: q.offset, take: q.limit, omit: { seq: true } }),
      ])
      return { total, events: rows }
    },
  }
}
