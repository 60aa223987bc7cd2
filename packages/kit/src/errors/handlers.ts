// Error and not-found handlers: every failure leaves in the service's vendor shape, never HTML or a bare 500.
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError } from './domain-error.ts'
import { defaultCode, envelopes, type ErrorInfo, type ErrorShape } from './envelopes.ts'
import { isDatabaseUnavailable, isDiskFull } from './database-unavailable.ts'
import { noteDiskFull } from './disk-full.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Overrides the service's error shape for one route (e.g. relay-protocol routes). */
    errorShape?: ErrorShape
  }
}

export function errorShapeOf(request: FastifyRequest, fallback: ErrorShape): ErrorShape {
  return request.routeOptions?.config?.errorShape ?? fallback
}

export function sendError(request: FastifyRequest, reply: FastifyReply, fallback: ErrorShape, info: ErrorInfo) {
  const shape = errorShapeOf(request, fallback)
  return reply.code(info.status).type('application/json; charset=utf-8').send(envelopes[shape](info))
}

/** Maps anything thrown in a route to what the client sees. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof DomainError) {
    return { status: error.status, code: error.code, message: error.message, details: error.details }
  }
  const err = error as FastifyError
  if (err?.validation) {
    return { status: 400, code: 'invalid_request', message: validationMessage(err) }
  }
  const status = typeof err?.statusCode === 'number' ? err.statusCode : 500
  if (status >= 400 && status < 500) {
    return { status, code: defaultCode(status), message: clientMessage(err) }
  }
  if (isDiskFull(error)) {
    return { status: 503, code: 'service_unavailable', message: 'The service\'s database is out of disk space; retry once space is freed.' }
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: 'service_unavailable', message: 'The service cannot reach its database right now; retry shortly.' }
  }
  return { status: 500, code: 'unknown-exception', message: 'An unexpected error occurred.' }
}

function validationMessage(err: FastifyError): string {
  const context = err.validationContext ?? 'request'
  const first = err.validation?.[0]
  if (!first) return err.message
  const where = first.instancePath ? `${context}${first.instancePath.replaceAll('/', '.')}` : context
  const params = first.params as Record<string, unknown>
  if (first.keyword === 'required') return `${where}.${String(params.missingProperty)} is required`
  if (first.keyword === 'additionalProperties') return `${where}.${String(params.additionalProperty)} is not allowed`
  return `${where} ${first.message ?? 'is invalid'}`
}

function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return 'Unsupported Content-Type.'
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return 'Request body is too large.'
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return 'Content-Length does not match the body.'
    default: return err instanceof SyntaxError ? `Malformed JSON body: ${err.message}` : err.message
  }
}

export function installErrorHandlers(app: FastifyInstance, shape: ErrorShape): void {
  app.setErrorHandler((error, request, reply) => {
    const info = toErrorInfo(error)
    if (info.status === 503) reply.header('retry-after', '1')
    if (info.status === 503 && isDiskFull(error)) noteDiskFull(app)
    if (info.status >= 500) request.log.error({ err: error }, 'unhandled error')
    else request.log.info({ code: info.code, status: info.status }, info.message)
    return sendError(request, reply, shape, info)
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, shape, {
      status: 404,
      code: 'not_found',
      message: `Route ${request.method} ${request.url.split('?')[0]} not found`,
    }),
  )
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers over the size limit, a malformed request
 * line, a request too slow to arrive) still leaves in the vendor shape; the connection is then closed, as Node does.
 */
export function clientErrorHandler(shape: ErrorShape) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    const [status, message] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'The request was not received in time.']
        : [400, 'The request is not valid HTTP.']
    const body = JSON.stringify(envelopes[shape]({ status, code: defaultCode(status), message }))
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
        + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
    }
    socket.destroy(error)
  }
}
