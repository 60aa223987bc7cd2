// OAuth2 clients an org registers for the authorization-code flow.
import type { PrismaClient } from '@ctrmock/kit/db'

export interface OAuthClientRecord {
  id: string
  orgId: string
  userId: string
  name: string
  description: string
  passwordHash: string
  scopes: string[]
  redirects: string[]
  grants: string[]
  availability: string
  createdAt: Date
  updatedAt: Date
}

export function oauthClientStore(prisma: PrismaClient) {
  return {
    async create(client: OAuthClientRecord): Promise<OAuthClientRecord> {
      return prisma.oAuthClient.create({ data: client })
    },

    async get(id: string): Promise<OAuthClientRecord | undefined> {
      return (await prisma.oAuthClient.findUnique({ where: { id } })) ?? undefined
    },

    async list(orgId: string): Promise<OAuthClientRecord[]> {
      return prisma.oAuthClient.findMany({ where: { orgId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
    },

    async delete(orgId: string, id: string): Promise<boolean> {
      return (await prisma.oAuthClient.deleteMany({ where: { orgId, id } })).count > 0
    },

    async deleteAll(orgId?: string): Promise<void> {
      await prisma.oAuthClient.deleteMany({ where: orgId === undefined ? {} : { orgId } })
    },
  }
}
export type OAuthClientStore = ReturnType<typeof oauthClientStore>
