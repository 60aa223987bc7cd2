// The failures the ESA names, with AsyncOS's texts where known (cisco-api.md §5.3). The kit wraps each into
// {error: {message, code, explanation}}; the status is a plain number so this file knows nothing of HTTP.
import { DomainError } from '@ctrmock/kit/domain'

export const unauthorized = (message: string) => new DomainError('unauthorized', message, 401)
export const invalidInput = (message: string) => new DomainError('invalid_request', message, 400)
export const notFound = (message: string) => new DomainError('not_found', message, 404)
export const conflict = (message: string) => new DomainError('conflict', message, 409)

// AsyncOS answers a search without its time window with 404, not 400.
export const missingDates = () => notFound('Missing attribute - startDate or endDate.')
