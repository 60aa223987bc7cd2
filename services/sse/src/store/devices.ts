// Devices in Postgres. A deleted row is gone: its credentials fail at the next call.
import type { Database } from './database.ts'

export interface DeviceRecord {
  id: string
  orgId: string
  name: string
  type: string
  version: string
  serialNumber: string
  ip: string
  callbackUrl: string
  description: string
  secret: string
  registeredAt: Date
  lastHeartbeatAt: Date | null
}

export type NewDevice = Pick<DeviceRecord, 'id' | 'name' | 'type' | 'version' | 'serialNumber' | 'ip' | 'callbackUrl' | 'secret'>

export interface DeviceQuery {
  orgId: string
  /** Case-insensitive part of the name, or the start of the id. */
  search?: string
  type?: string
  offset: number
  limit: number
}

/** A Device row as Postgres renders it in JSON: times as text. */
function deviceOfJson(d: DeviceRecord): DeviceRecord {
  return { ...d, registeredAt: new Date(d.registeredAt), lastHeartbeatAt: d.lastHeartbeatAt === null ? null : new Date(d.lastHeartbeatAt) }
}

export function deviceStore(prisma: Database) {
  const where = (q: Pick<DeviceQuery, 'orgId' | 'search' | 'type'>) => ({
    orgId: q.orgId,
    ...(q.type ? { type: q.type } : {}),
    ...(q.search
      ? { OR: [{ name: { contains: q.search, mode: 'insensitive' as const } }, { id: { startsWith: q.search.toLowerCase() } }] }
      : {}),
  })

  return {
    /** Any org's device: device credentials name the device, not the org. */
    findById(id: string): Promise<DeviceRecord | null> {
      return prisma.device.findUnique({ where: { id } })
    },

    /** The org's Threat Response switch and, when the org has it, the device: one statement for every proxied call. */
    async forProxy(orgId: string, id: string): Promise<{ threatResponseEnabled: boolean; device: DeviceRecord | null }> {
      const [row] = await prisma.$queryRaw<Array<{ threatResponseEnabled: boolean | null; device: DeviceRecord | null }>>`
        SELECT s."threatResponseEnabled",
               (SELECT to_jsonb(d) FROM "Device" d WHERE d."id" = ${id} AND d."orgId" = ${orgId}) AS "device"
        FROM (SELECT 1) one LEFT JOIN "CloudServiceSetting" s ON s."orgId" = ${orgId}`
      return { threatResponseEnabled: row?.threatResponseEnabled ?? false, device: row?.device ? deviceOfJson(row.device) : null }
    },

    findInOrg(orgId: string, id: string): Promise<DeviceRecord | null> {
      return prisma.device.findFirst({ where: { id, orgId } })
    },

    async page(q: DeviceQuery): Promise<{ total: number; devices: DeviceRecord[] }> {
      const [total, devices] = await Promise.all([
        prisma.device.count({ where: where(q) }),
        prisma.device.findMany({ where: where(q), orderBy: [{ name: 'asc' }, { id: 'asc' }], skip: q.offset, take: q.limit }),
      ])
      return { total, devices }
    },

    listByOrg(orgId: string): Promise<DeviceRecord[]> {
      return prisma.device.findMany({ where: { orgId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] })
    },

    async updateDescription(orgId: string, id: string, description: string): Promise<DeviceRecord | null> {
      const { count } = await prisma.device.updateMany({ where: { id, orgId }, data: { description } })
      return count === 1 ? prisma.device.findUnique({ where: { id } }) : null
    },

    async heartbeat(id: string, at: Date): Promise<DeviceRecord | null> {
      const { count } = await prisma.device.updateMany({ where: { id }, data: { lastHeartbeatAt: at } })
      return count === 1 ? prisma.device.findUnique({ where: { id } }) : null
    },

    /** Deletes the device; false when it did not exist (in that org). */
    async delete(orgId: string, id: string): Promise<boolean> {
      const { count } = await prisma.device.deleteMany({ where: { id, orgId } })
      return count === 1
    },
  }
}
