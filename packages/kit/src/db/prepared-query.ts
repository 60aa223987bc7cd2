// Raw SQL straight through a Prisma client's own pg pool, for the few hot reads where Prisma's layer costs more than
// the query (the ESA's device search: about 400 µs of client CPU per query through $queryRaw, 200 µs here). A named
// statement is parsed and planned once per connection. Rows come back as $queryRaw gives them: timestamps (without
// time zone, as Prisma stores DateTime) read as UTC whatever the process's TZ, JSON parsed, arrays as arrays.
import pg from 'pg'
import type { PrismaClient } from './generated/client.ts'

const pools = new WeakMap<PrismaClient, pg.Pool>()

/** Called by createPrismaClient: the pool its adapter uses. */
export function registerPool(client: PrismaClient, pool: pg.Pool): void {
  pools.set(client, pool)
}

const TIMESTAMP = 1114
const utc = (text: string) => new Date(`${text.replace(' ', 'T')}Z`)
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMP) return utc
    return pg.types.getTypeParser(oid, format)
  }) as typeof pg.types.getTypeParser,
}

export interface Statement {
  /** Names a prepared statement; omit it for SQL whose text varies too much to keep one per shape. */
  name?: string
  text: string
}

export async function preparedQuery<T>(client: PrismaClient, statement: Statement, values: unknown[]): Promise<T[]> {
  const pool = pools.get(client)
  if (!pool) throw new Error('preparedQuery needs a client made by createPrismaClient')
  try {
    const result = await pool.query({ ...(statement.name ? { name: statement.name } : {}), text: statement.text, values, types })
    return result.rows as T[]
  } catch (error) {
    // Named as the adapter's own errors, so isDatabaseUnavailable judges it (by the driver's code in `cause`) and a
    // lost server answers 503 here too.
    throw Object.assign(new Error((error as Error).message, { cause: error }), { name: 'DriverAdapterError' })
  }
}
