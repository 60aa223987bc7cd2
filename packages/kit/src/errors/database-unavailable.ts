// Recognises a failure that only means "the database cannot be reached right now" (Postgres stopped or restarting,
// connections cut, the pool exhausted): the client gets a 503 it can retry, not a 500 that blames the request.

const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
// Node socket errors (ENOENT: a Unix socket its stopped server removed), Postgres SQLSTATE class 08 (connection
// exception) and 57P0x (shutdown, cannot connect now).
const DRIVER_CODES = /^(ECONNREFUSED|ECONNRESET|ENOENT|EPIPE|ETIMEDOUT|08\d{3}|57P0[1-3])$/
const MESSAGES = /Can't reach database server|Connection terminated|server closed the connection|terminating connection|Timed out fetching a new connection/i

/** Only errors the Prisma client (or its driver adapter) raised are judged: another 503 cause is not a database's. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return typeof name === 'string' && (name.startsWith('PrismaClient') || name === 'DriverAdapterError') && unreachable(error)
}

function unreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false
  const e = error as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } }
  if (typeof e.code === 'string' && (PRISMA_CODES.has(e.code) || DRIVER_CODES.test(e.code))) return true
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true
  if (typeof e.originalCode === 'string' && DRIVER_CODES.test(e.originalCode)) return true
  // P2010 (a raw query failed) and friends carry the reason only in their message.
  if (typeof e.message === 'string' && typeof e.code === 'string' && e.code.startsWith('P') && MESSAGES.test(e.message)) return true
  return unreachable(e.cause, depth + 1) || unreachable(e.meta?.driverAdapterError, depth + 1)
}

// SQLSTATE 53100 (disk_full), or the OS's ENOSPC in a message where Postgres names no SQLSTATE.
const DISK_FULL_MESSAGE = /No space left on device|could not extend file|disk full/i

/** A write Postgres refused for want of disk space: retryable once space is freed, so a 503, never a 500. */
export function isDiskFull(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false
  const e = error as { code?: unknown; originalCode?: unknown; message?: unknown; originalMessage?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } }
  if (e.code === '53100' || e.originalCode === '53100' || e.code === 'ENOSPC') return true
  if ([e.message, e.originalMessage].some((m) => typeof m === 'string' && DISK_FULL_MESSAGE.test(m))) return true
  return isDiskFull(e.cause, depth + 1) || isDiskFull(e.meta?.driverAdapterError, depth + 1)
}
