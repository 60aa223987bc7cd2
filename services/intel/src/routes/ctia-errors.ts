// Every failure of a /ctia route leaves in CTIA's shape: the domain's CtiaError bodies as they are; anything else
// as compojure-api words it (`{"type": "unknown-exception"}` for a 500, with the cause logged, not sent).
import type { FastifyError, FastifyInstance } from 'fastify'
import { toErrorInfo } from '@ctrmock/kit'
import { CtiaError } from '../domain/errors.ts'

export function installCtiaErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof CtiaError) {
      request.log.info({ status: error.status, code: error.code }, error.message)
      return reply.code(error.status).type('application/json; charset=utf-8').send(error.body)
    }
    const info = toErrorInfo(error)
    if (info.status >= 500) request.log.error({ err: error }, 'unhandled error')
    if (info.status === 503) reply.header('retry-after', '1')
    const body = info.status >= 500 && info.status !== 503
      ? { type: 'unknown-exception', class: 'java.lang.Exception' }
      : info.status === 400
        ? { type: 'compojure.api.exception/request-parsing', message: info.message }
        : { error: info.code, message: info.message }
    return reply.code(info.status).type('application/json; charset=utf-8').send(body)
  })
}
