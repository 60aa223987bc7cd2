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

interface ClientRow extends ApiClientRecord {
  orgName: string
  orgCreatedAt: Date
  orgUpdatedAt: Date
  email: string
  userName: string
  role: string
  userCreatedAt: Date
  userUpdatedAt: Date
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

    /** The client with its org and user, in one statement: every token request reads it. */
    async findClient(clientId: string): Promise<{ client: ApiClientRecord; org: OrgRecord; user: UserRecord } | undefined> {
      const [row] = await prisma.$queryRaw<ClientRow[]>`
        SELECT c."id", c."orgId", c."userId", c."name", c."passwordHash", c."scopes", c."enabled",
               o."name" AS "orgName", o."createdAt" AS "orgCreatedAt", o."updatedAt" AS "orgUpdatedAt",
               u."email", u."name" AS "userName", u."role", u."createdAt" AS "userCreatedAt", u."updatedAt" AS "userUpdatedAt"
        FROM "ApiClient" c JOIN "IrohOrg" o ON o."id" = c."orgId" JOIN "IrohUser" u ON u."id" = c."userId"
        WHERE c."id" = ${clientId}`
      if (!row) return undefined
      return {
        client: { id: row.id, orgId: row.orgId, userId: row.userId, name: row.name, passwordHash: row.passwordHash, scopes: row.scopes, enabled: row.enabled },
        org: { id: row.orgId, name: row.orgName, createdAt: row.orgCreatedAt, updatedAt: row.orgUpdatedAt },
        user: { id: row.userId, orgId: row.orgId, email: row.email, name: row.userName, role: row.role, createdAt: row.userCreatedAt, updatedAt: row.userUpdatedAt },
      }
    },

    async setClientPassword(clientId: string, passwordHash: string, now: Date): Promise<void> {
      await prisma.apiClient.update({ where: { id: clientId }, data: { passwordHash, updatedAt: now } })
    },

    async setClientScopes(clientId: string, scopes: string[], now: Date): Promise<void> {
      await prisma.apiClient.update({ where: { id: clientId }, data: { scopes, updatedAt: now } })
    },

    async findOrg(orgId: string): Promise<OrgRecord | undefined> {
      return (await prisma.irohOrg.findUnique({ where: { id: orgId } })) ?? undefined
    },

    /** Whether the org exists: every IROH call asks it of its token's org. */
    async orgExists(orgId: string): Promise<boolean> {
      return (await prisma.$queryRaw<unknown[]>`SELECT 1 FROM "IrohOrg" WHERE "id" = ${orgId}`).length > 0
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
