// Postgres text and jsonb cannot hold U+0000: a NUL anywhere in a request would surface as a database error (a 500).
// This preValidation hook answers such requests 400 in the IROH shape before they reach a route.
import type { FastifyRequest } from 'fastify'
import { DomainError } from '@ctrmock/kit'

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 32 || value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some((item) => hasNul(item, depth + 1))
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || hasNul(item, depth + 1))
}

export async function rejectNulCharacters(request: FastifyRequest): Promise<void> {
  if (hasNul(request.params) || hasNul(request.query) || hasNul(request.body)) {
    throw new DomainError('invalid_request', 'NUL characters (U+0000) are not allowed in requests')
  }
}
