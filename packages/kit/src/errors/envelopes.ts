// The three vendor error shapes. Every error a service sends goes through one of these.
import { randomUUID } from 'node:crypto'

export type ErrorShape = 'iroh' | 'relay' | 'asyncos'

export interface ErrorInfo {
  status: number
  code: string
  message: string
  details?: Record<string, unknown>
}

// Python's BaseHTTPRequestHandler texts: AsyncOS puts them in `explanation`.
const ASYNCOS_EXPLANATIONS: Record<number, string> = {
  400: 'Bad request syntax or unsupported method.',
  401: 'No permission -- see authorization schemes.',
  403: 'Request forbidden -- authorization will not help.',
  404: 'Nothing matches the given URI.',
  405: 'Specified method is invalid for this resource.',
  408: 'Request timed out; try again later.',
  409: 'Request conflict.',
  413: 'Entity is too large.',
  415: 'Entity body in unsupported format.',
  431: 'The server is unwilling to process the request because its header fields are too large.',
  429: 'The user has sent too many requests in a given amount of time.',
  500: 'Server got itself in trouble.',
  502: 'Invalid responses from another server/proxy.',
  503: 'The server cannot process the request due to a high load.',
  504: 'The gateway server did not receive a timely response.',
}

export function irohEnvelope(info: ErrorInfo): Record<string, unknown> {
  const body: Record<string, unknown> = { error: info.code, error_description: info.message, ...info.details }
  if (info.status >= 500) body.trace_id ??= randomUUID()
  return body
}

export function relayEnvelope(info: ErrorInfo): Record<string, unknown> {
  return { errors: [{ type: 'fatal', code: info.code, message: info.message, ...info.details }] }
}

export function asyncosEnvelope(info: ErrorInfo): Record<string, unknown> {
  const explanation = ASYNCOS_EXPLANATIONS[info.status] ?? `${info.status} = ${info.code}.`
  return {
    error: {
      message: info.message,
      code: String(info.status),
      explanation: explanation.startsWith(String(info.status)) ? explanation : `${info.status} = ${explanation}`,
      ...info.details,
    },
  }
}

export const envelopes: Record<ErrorShape, (info: ErrorInfo) => Record<string, unknown>> = {
  iroh: irohEnvelope,
  relay: relayEnvelope,
  asyncos: asyncosEnvelope,
}

/** The IROH-style `error` code for a status when nothing more specific is known. */
export function defaultCode(status: number): string {
  switch (status) {
    case 400: return 'invalid_request'
    case 401: return 'invalid_request'
    case 403: return 'forbidden'
    case 404: return 'not_found'
    case 405: return 'method_not_allowed'
    case 408: return 'request_timeout'
    case 409: return 'conflict'
    case 413: return 'payload_too_large'
    case 415: return 'unsupported_media_type'
    case 431: return 'request_header_fields_too_large'
    case 429: return 'too_many_requests'
    case 501: return 'not_implemented'
    case 502: return 'bad_gateway'
    case 503: return 'service_unavailable'
    case 504: return 'gateway_timeout'
    default: return status >= 500 ? 'unknown-exception' : 'invalid_request'
  }
}
