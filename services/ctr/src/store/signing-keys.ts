// RS256 key pairs that sign access tokens, shared by every replica of this CTR instance.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { SigningKey } from '@ctrmock/kit'

const COLUMNS = { kid: true, privateKeyPem: true, publicKeyPem: true } as const

export function signingKeyStore(prisma: PrismaClient) {
  return {
    /** Oldest first. */
    async list(): Promise<SigningKey[]> {
      return prisma.irohSigningKey.findMany({ select: COLUMNS, orderBy: [{ createdAt: 'asc' }, { kid: 'asc' }] })
    },

    /** The key that signs new tokens. */
    async newest(): Promise<SigningKey | undefined> {
      return (await prisma.irohSigningKey.findFirst({ select: COLUMNS, orderBy: [{ createdAt: 'desc' }, { kid: 'desc' }] })) ?? undefined
    },

    async find(kid: string): Promise<SigningKey | undefined> {
      return (await prisma.irohSigningKey.findUnique({ select: COLUMNS, where: { kid } })) ?? undefined
    },

    /** Adds a key unless one exists already; an advisory lock makes two replicas starting together agree. */
    async addIfNone(key: SigningKey): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('ctrmock-iroh-signing-key'))`
        if ((await tx.irohSigningKey.count()) === 0) await tx.irohSigningKey.create({ data: key })
      })
    },
  }
}
export type SigningKeyStore = ReturnType<typeof signingKeyStore>
