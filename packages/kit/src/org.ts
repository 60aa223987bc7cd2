// Who a request acts for, read cheaply and without verification: only faults and the journal use it.
// Authentication hooks verify credentials and overwrite request.org with the verified value.
import type { FastifyRequest } from 'fastify'

import { IROH_CLAIMS } from '@ctrmock/types'

export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1]
  if (!part) return undefined
  try {
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return payload && typeof payload === 'object' ? payload : undefined
  } catch {
    return undefined
  }
}

export function orgFromRequest(request: FastifyRequest): string | undefined {
  const header = request.headers['x-ctrmock-org']
  if (typeof header === 'string' && header) return header
  const auth = request.headers.authorization
  if (!auth?.startsWith('Bearer ')) return undefined
  const payload = decodeJwtPayload(auth.slice(7))
  const org = payload?.[IROH_CLAIMS.orgId] ?? payload?.org
  return typeof org === 'string' ? org : undefined
}
