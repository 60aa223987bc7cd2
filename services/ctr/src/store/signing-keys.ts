// RS256 key pairs that sign access tokens, shared by every replica of this CTR instance.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { StoredSigningKey } from '../domain/access-tokens.ts'

export function signingKeyStore(prisma: PrismaClient) {
  return {
    /** Oldest first; the newest signs. */
    async list(): Promise<StoredSigningKey[]> {
      const rows = await prisma.irohSigningKey.findMany({ orderBy: [{ createdAt: 'asc' }, { kid: 'asc' }] })
      return rows.map(({ kid, privateKeyPem, publicKeyPem }) => ({ kid, privateKeyPem, publicKeyPem }))
    },

    /** Adds a key unless one exists already; an advisory lock makes two replicas starting together agree. */
    async addIfNone(key: StoredSigningKey): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('ctrmock-iroh-signing-key'))`
        if ((await tx.irohSigningKey.count()) === 0) await tx.irohSigningKey.create({ data: key })
      })
    },
  }
}
export type SigningKeyStore = ReturnType<typeof signingKeyStore>
