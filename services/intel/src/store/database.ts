// What a store works on: the Prisma client, or a transaction of it (see createIntelStore().atomically).
import type { Prisma } from '@ctrmock/kit/db'

export type Database = Prisma.TransactionClient
