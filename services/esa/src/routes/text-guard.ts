// Postgres text cannot hold NUL characters: a request carrying one (in its path, query or body) is refused with a
// 400 here instead of failing deep in the database with a 500.
import type { FastifyRequest } from 'fastify'
import { invalidInput } from '../domain/errors.ts'

function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 64 || value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some((v) => holdsNul(v, depth + 1))
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1))
}

export async function rejectNulCharacters(request: FastifyRequest): Promise<void> {
  if (holdsNul(request.params) || holdsNul(request.query) || holdsNul(request.body)) {
    throw invalidInput('The request contains a NUL character, which no field accepts.')
  }
}
