// Module types an org added (the built-in ones live in code, domain/module-types.ts).
import type { PrismaClient } from '@ctrmock/kit/db'

export interface StoredModuleType {
  id: string
  orgId: string
  userId: string
  clientId: string
  definition: Record<string, unknown>
  createdAt: Date
  updatedAt: Date
}

export function moduleTypeStore(prisma: PrismaClient) {
  const map = (row: NonNullable<Awaited<ReturnType<PrismaClient['moduleType']['findFirst']>>>): StoredModuleType =>
    ({ ...row, definition: (row.definition ?? {}) as Record<string, unknown> })
  return {
    async list(orgId: string): Promise<StoredModuleType[]> {
      return (await prisma.moduleType.findMany({ where: { orgId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(map)
    },

    async get(orgId: string, id: string): Promise<StoredModuleType | undefined> {
      const row = await prisma.moduleType.findFirst({ where: { orgId, id } })
      return row ? map(row) : undefined
    },

    async create(type: StoredModuleType): Promise<StoredModuleType> {
      return map(await prisma.moduleType.create({ data: { ...type, definition: type.definition as object } }))
    },

    async update(orgId: string, id: string, definition: Record<string, unknown>, now: Date): Promise<StoredModuleType | undefined> {
      const updated = await prisma.moduleType.updateMany({ where: { orgId, id }, data: { definition: definition as object, updatedAt: now } })
      return updated.count === 0 ? undefined : this.get(orgId, id)
    },

    async delete(orgId: string, id: string): Promise<boolean> {
      return (await prisma.moduleType.deleteMany({ where: { orgId, id } })).count > 0
    },

    async deleteAll(orgId?: string): Promise<void> {
      await prisma.moduleType.deleteMany({ where: orgId === undefined ? {} : { orgId } })
    },
  }
}
export type ModuleTypeStore = ReturnType<typeof moduleTypeStore>
