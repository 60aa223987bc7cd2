// The iroh-int document failures, each with the code and status IROH answers and what it means.
import { DomainError } from '@ctrmock/kit'

export const INT_ERRORS = {
  notFound: { code: 'not_found', status: 404, description: 'No such document in this org' },
  invalidRequest: { code: 'invalid_request', status: 400, description: 'The request names something that does not exist or cannot be done' },
} as const

export type IntErrorName = keyof typeof INT_ERRORS

export function intError(name: IntErrorName, message: string): DomainError {
  const { code, status } = INT_ERRORS[name]
  return new DomainError(code, message, status)
}
