// Orgs, their users and API clients.
import type { PrismaClient } from '@ctrmock/kit/db'

export interface OrgRecord {
  id: string
  name: string
  createdAt: Date
  updatedAt: Date
}

export interface UserRecord {
  id: string
  orgId: string
  email: string
  name: string
  role: string
  createdAt: Date
  updatedAt: Date
}

export interface ApiClientRecord {
  id: string
  orgId: string
  userId: string
  name: string
  passwordHash: string
  scopes: string[]
  enabled: boolean
}

export interface NewIdentity {
  org: OrgRecord
  user: UserRecord
  client: ApiClientRecord
}

export function identityStore(prisma: PrismaClient) {
  return {
    async createIdentity({ org, user, client }: NewIdentity): Promise<void> {
      const now = org.createdAt
      await prisma.$transaction([
        prisma.irohOrg.create({ data: org }),
        prisma.irohUser.create({ data: user }),
        prisma.apiClient.create({ data: { ...client, createdAt: now, updatedAt: now } }),
      ])
    },

    async findClient(clientId: string): Promise<{ client: ApiClientRecord; org: OrgRecord; user: UserRecord } | undefined> {
      const client = await prisma.apiClient.findUnique({ where: { id: clientId } })
      if (!client) return undefined
      const [org, user] = await Promise.all([
        prisma.irohOrg.findUnique({ where: { id: client.orgId } }),
        prisma.irohUser.findUnique({ where: { id: client.userId } }),
      ])
      if (!org || !user) return undefined
      const { createdAt: _c, updatedAt: _u, ...rest } = client
      return { client: rest, org, user }
    },

    async setClientPassword(clientId: string, passwordHash: string, now: Date): Promise<void> {
      await prisma.apiClient.update({ where: { id: clientId }, data: { passwordHash, updatedAt: now } })
    },

    async findOrg(orgId: string): Promise<OrgRecord | undefined> {
      return (await prisma.irohOrg.findUnique({ where: { id: orgId } })) ?? undefined
    },

    async findUser(userId: string): Promise<UserRecord | undefined> {
      return (await prisma.irohUser.findUnique({ where: { id: userId } })) ?? undefined
    },

    async updateOrg(orgId: string, changes: { name?: string }, now: Date): Promise<OrgRecord | undefined> {
      const updated = await prisma.irohOrg.updateMany({ where: { id: orgId }, data: { ...changes, updatedAt: now } })
      return updated.count === 0 ? undefined : this.findOrg(orgId)
    },

    async deleteOrgIdentity(orgId?: string): Promise<void> {
      const where = orgId === undefined ? {} : { orgId }
      await prisma.$transaction([
        prisma.apiClient.deleteMany({ where }),
        prisma.irohUser.deleteMany({ where }),
        prisma.irohOrg.deleteMany({ where: orgId === undefined ? {} : { id: orgId } }),
      ])
    },
  }
}
export type IdentityStore = ReturnType<typeof identityStore>
