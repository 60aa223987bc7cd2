// Input no service can store: Postgres text cannot hold NUL, so a NUL anywhere in a request would fail deep inside a
// query as a 500. Refused at the edge — in the URL, in JSON and in form bodies — with the 400 of any malformed input.
import type { FastifyInstance } from 'fastify'
import { DomainError } from './errors/domain-error.ts'

const nulError = (where: string) => new DomainError('invalid_request', `${where} must not contain NUL characters`, 400)

export function installInputGuards(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    done(request.url.includes('%00') || request.url.includes('\u0000') ? nulError('the URL') : undefined)
  })
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Cisco's APIs take a JSON Content-Type with no body as no body (a response trigger, a delete by search send it).
    if (body === '') return done(null, undefined)
    // In JSON text a NUL can only appear escaped.
    if ((body as string).includes('\\u0000')) return done(nulError('the body'), undefined)
    return parseJson(request, body as string, done)
  })
  app.addHook('preValidation', (request, _reply, done) => {
    if (typeof request.body === 'object' && request.body !== null && String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      for (const [key, value] of Object.entries(request.body)) {
        if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) return done(nulError('the body'))
      }
    }
    done()
  })
}
