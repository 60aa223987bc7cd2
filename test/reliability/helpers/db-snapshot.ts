// Every row of every table of a service database, read with SQL on a connection of our own: the fuzz and crash
// tests compare a snapshot taken before with one taken after to prove that nothing was written or half-written.
import { createPrismaClient, databaseUrl } from '@ctrmock/kit/db'
import type { ServiceApp } from '@ctrmock/kit'

export interface Snapshot {
  database: string
  /** Table → its rows as JSON text, sorted. */
  tables: Map<string, string[]>
}

/** A row change that is expected rather than a defect (e.g. the audit entry of a refused attempt). */
export type AllowedChange = (table: string, row: Record<string, unknown>, kind: 'added' | 'removed') => boolean

export async function snapshot(url: string): Promise<Snapshot> {
  const prisma = createPrismaClient(url, { poolSize: 1 })
  try {
    const names = await prisma.$queryRawUnsafe<Array<{ table_name: string }>>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`)
    const tables = new Map<string, string[]>()
    for (const { table_name: table } of names) {
      const rows = await prisma.$queryRawUnsafe<Array<{ row: string }>>(`SELECT row_to_json(t)::text AS row FROM "${table.replaceAll('"', '""')}" t`)
      tables.set(table, rows.map((r) => r.row).sort())
    }
    return { database: new URL(url).pathname.slice(1), tables }
  } finally {
    await prisma.$disconnect()
  }
}

/** Human-readable differences between two snapshots of one database; empty when equal (but for allowed changes). */
export function differences(before: Snapshot, after: Snapshot, allowed: AllowedChange = () => false): string[] {
  const out: string[] = []
  for (const table of new Set([...before.tables.keys(), ...after.tables.keys()])) {
    const was = new Set(before.tables.get(table) ?? [])
    const is = new Set(after.tables.get(table) ?? [])
    for (const row of is) if (!was.has(row) && !allowed(table, JSON.parse(row), 'added')) out.push(`${after.database}.${table} + ${row.slice(0, 300)}`)
    for (const row of was) if (!is.has(row) && !allowed(table, JSON.parse(row), 'removed')) out.push(`${after.database}.${table} - ${row.slice(0, 300)}`)
  }
  return out
}

/** One query on a connection of our own (not the service's pool). */
export async function query<T>(url: string, sql: string, ...values: unknown[]): Promise<T[]> {
  const prisma = createPrismaClient(url, { poolSize: 1 })
  try {
    return await prisma.$queryRawUnsafe<T[]>(sql, ...values)
  } finally {
    await prisma.$disconnect()
  }
}

/** The database URL a running service uses (asked of the service's own connection, read with ours). */
export async function databaseUrlOf(app: ServiceApp, serverUrl: string): Promise<string> {
  const [{ name }] = await app.prisma.$queryRawUnsafe<Array<{ name: string }>>('SELECT current_database() AS name')
  return databaseUrl(serverUrl, name!)
}

/** Snapshots of several databases at once, keyed like the input. */
export async function snapshotAll(urls: Record<string, string>): Promise<Record<string, Snapshot>> {
  const entries = await Promise.all(Object.entries(urls).map(async ([k, url]) => [k, await snapshot(url)] as const))
  return Object.fromEntries(entries)
}

/** A refused attempt leaves a failure entry in SSE's audit log: that is the log doing its job, not data changing. */
export const refusedAttemptsAudited: AllowedChange = (table, row, kind) =>
  table === 'AuditLogEntry' && kind === 'added' && row.outcome === 'failure'
