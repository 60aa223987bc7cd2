// Module instances of an org.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { ModuleInstance, Settings } from '../domain/module-instances.ts'

type Row = NonNullable<Awaited<ReturnType<PrismaClient['moduleInstance']['findFirst']>>>

function toInstance(row: Row): ModuleInstance {
  return {
    id: row.id, orgId: row.orgId, userId: row.userId, clientId: row.clientId, moduleTypeId: row.moduleTypeId,
    name: row.name, enabled: row.enabled, visibility: row.visibility as ModuleInstance['visibility'],
    settings: (row.settings ?? {}) as Settings,
    ...(Array.isArray(row.externalReferences) ? { externalReferences: row.externalReferences as unknown[] } : {}),
    ...(row.parentId ? { parentId: row.parentId } : {}),
    createdAt: row.createdAt, updatedAt: row.updatedAt,
  }
}

export interface InstanceFilter {
  moduleTypeId?: string
  enabled?: boolean
  query?: string
  ids?: string[]
  sortBy?: 'name' | 'created_at' | 'updated_at' | 'module_type_id'
  sortOrder?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

const SORT_COLUMNS = { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt', module_type_id: 'moduleTypeId' } as const

export function moduleInstanceStore(prisma: PrismaClient) {
  const store = {
    async list(orgId: string, filter: InstanceFilter = {}): Promise<ModuleInstance[]> {
      const rows = await prisma.moduleInstance.findMany({
        where: {
          orgId,
          ...(filter.moduleTypeId ? { moduleTypeId: filter.moduleTypeId } : {}),
          ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {}),
          ...(filter.query ? { name: { contains: filter.query, mode: 'insensitive' as const } } : {}),
          ...(filter.ids ? { id: { in: filter.ids } } : {}),
        },
        orderBy: [{ [SORT_COLUMNS[filter.sortBy ?? 'created_at']]: filter.sortOrder ?? 'asc' }, { id: 'asc' }],
        ...(filter.offset ? { skip: filter.offset } : {}),
        ...(filter.limit !== undefined ? { take: filter.limit } : {}),
      })
      return rows.map(toInstance)
    },

    async get(orgId: string, id: string): Promise<ModuleInstance | undefined> {
      const row = await prisma.moduleInstance.findFirst({ where: { orgId, id } })
      return row ? toInstance(row) : undefined
    },

    async create(instance: ModuleInstance): Promise<ModuleInstance> {
      const { externalReferences, parentId, settings, ...rest } = instance
      const row = await prisma.moduleInstance.create({
        data: { ...rest, settings: settings as object, externalReferences: externalReferences as object[] | undefined, parentId: parentId ?? null },
      })
      return toInstance(row)
    },

    /** Writes the whole instance back; undefined when it was deleted meanwhile. */
    async update(instance: ModuleInstance): Promise<ModuleInstance | undefined> {
      const { id, orgId, externalReferences, parentId, settings, name, enabled, moduleTypeId, updatedAt } = instance
      const updated = await prisma.moduleInstance.updateMany({
        where: { id, orgId },
        data: {
          name, enabled, moduleTypeId, updatedAt, settings: settings as object,
          externalReferences: (externalReferences as object[] | undefined) ?? [], parentId: parentId ?? null,
        },
      })
      return updated.count === 0 ? undefined : store.get(orgId, id)
    },

    async delete(orgId: string, id: string): Promise<boolean> {
      return (await prisma.moduleInstance.deleteMany({ where: { orgId, id } })).count > 0
    },

    async deleteAll(orgId?: string): Promise<void> {
      await prisma.moduleInstance.deleteMany({ where: orgId === undefined ? {} : { orgId } })
    },
  }
  return store
}
export type ModuleInstanceStore = ReturnType<typeof moduleInstanceStore>
