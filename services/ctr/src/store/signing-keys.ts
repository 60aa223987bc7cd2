// RS256 key pairs that sign access tokens, shared by every replica of this CTR instance. A key row is never updated
// or deleted, so rows once read are kept: only an unknown kid goes to the database again.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { SigningKey } from '@ctrmock/kit'

const COLUMNS = { kid: true, privateKeyPem: true, publicKeyPem: true } as const

export function signingKeyStore(prisma: PrismaClient) {
  let known: SigningKey[] = []
  const byKid = new Map<string, SigningKey>()

  async function load(): Promise<SigningKey[]> {
    known = await prisma.irohSigningKey.findMany({ select: COLUMNS, orderBy: [{ createdAt: 'asc' }, { kid: 'asc' }] })
    for (const key of known) byKid.set(key.kid, key)
    return known
  }

  return {
    /** Oldest first. */
    list: load,

    /** The key that signs new tokens. */
    async newest(): Promise<SigningKey | undefined> {
      return known.at(-1) ?? (await load()).at(-1)
    },

    async find(kid: string): Promise<SigningKey | undefined> {
      return byKid.get(kid) ?? (await load(), byKid.get(kid))
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
