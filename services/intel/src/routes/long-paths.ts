// Path parameters longer than the router's limit (100 characters): a whole entity id URL of a long type name, a long
// URL or subject as an observable value. The router then falls back to this catch-all, which matches the path against
// the registered operations segment by segment, without a length limit, and runs the one that fits.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServiceApp } from '@ctrmock/kit'
import { requestValidation } from '../domain/errors.ts'
import type { RegisteredOperation } from './operation.ts'

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw requestValidation('path-params', `(not (url-encoded? ${JSON.stringify(segment)}))`, segment)
  }
}

/** The operation whose path fits `segments` (static segments first, as the router prefers), with its parameters. */
export function matchOperation(operations: RegisteredOperation[], method: string, segments: string[]): { op: RegisteredOperation; params: Record<string, string> } | undefined {
  let best: { op: RegisteredOperation; params: Record<string, string>; statics: number } | undefined
  for (const op of operations) {
    if (op.method !== method || op.segments.length !== segments.length) continue
    const params: Record<string, string> = {}
    let statics = 0
    const fits = op.segments.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i]!
        return segments[i] !== ''
      }
      statics++
      return part === segments[i]
    })
    if (fits && (!best || statics > best.statics)) best = { op, params, statics }
  }
  return best && { op: best.op, params: best.params }
}

export function longPathRoutes(app: ServiceApp, operations: RegisteredOperation[]): void {
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/ctia/*',
    schema: { hide: true },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0]!
      const found = matchOperation(operations, request.method, path.split('/'))
      if (!found) return reply.callNotFound()
      const params = Object.fromEntries(Object.entries(found.params).map(([name, value]) => [name, decode(value)]))
      return found.op.run(request, reply, params)
    },
  })
}
