// Authorization codes, refresh tokens, browser sessions and login codes, each kept by the SHA-256 of its secret.
import type { PrismaClient } from '@ctrmock/kit/db'

export type GrantKind = 'code' | 'refresh' | 'session' | 'login-code' | 'idp-code'

export interface GrantRecord {
  id: string
  kind: GrantKind
  orgId: string
  userId: string
  clientId: string
  scopes: string[]
  redirectUri?: string
  codeChallenge?: string
  codeChallengeMethod?: string
  state?: string
  familyId: string
  expiresAt: Date
  usedAt?: Date
  createdAt: Date
}

type Row = NonNullable<Awaited<ReturnType<PrismaClient['oAuthGrant']['findUnique']>>>

function toRecord(row: Row): GrantRecord {
  const { redirectUri, codeChallenge, codeChallengeMethod, state, usedAt, ...rest } = row
  return {
    ...rest, kind: rest.kind as GrantKind,
    ...(redirectUri !== null ? { redirectUri } : {}), ...(codeChallenge !== null ? { codeChallenge } : {}),
    ...(codeChallengeMethod !== null ? { codeChallengeMethod } : {}), ...(state !== null ? { state } : {}),
    ...(usedAt !== null ? { usedAt } : {}),
  }
}

export function oauthGrantStore(prisma: PrismaClient) {
  return {
    async add(grant: GrantRecord): Promise<void> {
      await prisma.oAuthGrant.create({ data: grant })
    },

    async find(kind: GrantKind, id: string): Promise<GrantRecord | undefined> {
      const row = await prisma.oAuthGrant.findUnique({ where: { id } })
      return row && row.kind === kind ? toRecord(row) : undefined
    },

    /** Marks an unused grant used; false when it was used already (a second redemption). */
    async use(id: string, now: Date): Promise<boolean> {
      return (await prisma.oAuthGrant.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } })).count > 0
    },

    async revokeFamily(familyId: string, now: Date): Promise<void> {
      await prisma.oAuthGrant.updateMany({ where: { familyId, usedAt: null }, data: { usedAt: now } })
    },

    async revokeClient(clientId: string, now: Date): Promise<void> {
      await prisma.oAuthGrant.updateMany({ where: { clientId, usedAt: null }, data: { usedAt: now } })
    },

    async deleteAll(orgId?: string): Promise<void> {
      await prisma.oAuthGrant.deleteMany({ where: orgId === undefined ? {} : { orgId } })
    },
  }
}
export type OAuthGrantStore = ReturnType<typeof oauthGrantStore>
