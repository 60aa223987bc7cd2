import t from 'tap'
import { toErrorInfo } from '../../src/index.ts'

const prismaError = (code: string, message = '', meta?: unknown) => Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', code, meta })

t.test('a database that cannot be reached answers 503 (retry), not 500', async (t) => {
  t.match(toErrorInfo(prismaError('P1001', "Can't reach database server at 127.0.0.1:5432")), { status: 503, code: 'service_unavailable' })
  t.match(toErrorInfo(prismaError('P2010', "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`")), { status: 503 })
  t.match(toErrorInfo(prismaError('P2010', 'x', { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } } })), { status: 503 })
  t.match(toErrorInfo(prismaError('P2024', 'Timed out fetching a new connection from the connection pool.')), { status: 503 })
})

t.test('a write refused for want of disk space answers 503 saying so, not 500', async (t) => {
  const full = 'could not extend file "base/16384/16385": No space left on device'
  t.match(toErrorInfo(prismaError('P2010', 'Raw query failed', { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '53100', message: full } } })), { status: 503, code: 'service_unavailable', message: /out of disk space/ })
  t.match(toErrorInfo(Object.assign(new Error(full), { name: 'DriverAdapterError', cause: { kind: 'postgres', originalCode: '53100' } })), { status: 503, message: /out of disk space/ })
  t.match(toErrorInfo(Object.assign(new Error('write failed'), { code: 'ENOSPC' })), { status: 503, message: /out of disk space/ })
})

t.test('other failures stay 500', async (t) => {
  t.match(toErrorInfo(prismaError('P2002', 'Unique constraint failed')), { status: 500, code: 'unknown-exception' })
  t.match(toErrorInfo(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), { status: 500 }, 'not a database error')
})
