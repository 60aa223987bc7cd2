// An org's IROH users, as user management reads and changes them.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { UserRecord } from './identity.ts'

export type StoredUser = UserRecord

export function userStore(prisma: PrismaClient) {
  return {
    async list(orgId: string, ids?: string[]): Promise<StoredUser[]> {
      return prisma.irohUser.findMany({ where: { orgId, ...(ids ? { id: { in: ids } } : {}) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
    },

    async get(orgId: string, id: string): Promise<StoredUser | undefined> {
      return (await prisma.irohUser.findFirst({ where: { orgId, id } })) ?? undefined
    },

    async update(orgId: string, id: string, change: { role?: string; name?: string }, now: Date): Promise<StoredUser | undefined> {
      const updated = await prisma.irohUser.updateMany({ where: { orgId, id }, data: { ...change, updatedAt: now } })
      return updated.count === 0 ? undefined : this.get(orgId, id)
    },
  }
}
export type UserStore = ReturnType<typeof userStore>
