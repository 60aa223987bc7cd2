// Postgres text cannot hold NUL characters: a string with one would fail deep in a query as a 500. Refuse it up front,
// in every part of the request, with the 400 any other malformed input gets.
import type { FastifyRequest } from 'fastify'
import { DomainError } from '@ctrmock/kit'

const MAX_DEPTH = 64

function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path
    const found = findNul(item, `${path}.${key}`, depth + 1)
    if (found) return found
  }
  return undefined
}

export async function rejectNulCharacters(request: FastifyRequest): Promise<void> {
  const where = findNul(request.params, 'params') ?? findNul(request.query, 'querystring') ?? findNul(request.body, 'body')
  if (where) throw new DomainError('invalid_request', `${where} must not contain NUL characters`, 400)
}
