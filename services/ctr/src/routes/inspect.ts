// POST /iroh/iroh-inspect/inspect {content} → the observables found in the text. Bad bodies answer 400 with a map
// naming each offending key, as IROH's schema errors do: {"content": "missing-required-key"}.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { IrohKeyErrors, Observable } from '@ctrmock/types'
import { inspect } from '../domain/inspect.ts'
import { REQUIRED_SCOPES } from '../domain/scopes.ts'
import { AUTH_ERRORS } from './schemas.ts'

const StrContent = Type.Object({ content: Type.String() }, { additionalProperties: false })

function keyErrors(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { content: 'missing-required-key' }
  const errors: Record<string, string> = {}
  const content = (body as Record<string, unknown>).content
  if (content === undefined) errors.content = 'missing-required-key'
  else if (typeof content !== 'string') errors.content = `(not (instance? java.lang.String ${JSON.stringify(content).slice(0, 100)}))`
  for (const key of Object.keys(body)) if (key !== 'content') errors[key] = 'disallowed-key'
  return errors
}

export async function inspectRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post('/iroh/iroh-inspect/inspect', {
    config: { scope: REQUIRED_SCOPES.inspect },
    // Checked before Fastify's validation, which would coerce {content: 5} into "5".
    preValidation: (request, reply, done) => {
      const errors = keyErrors(request.body)
      if (Object.keys(errors).length > 0) return void reply.code(400).send(errors)
      done()
    },
    schema: {
      tags: ['inspect'], summary: 'Finds observables in free text', operationId: 'findObservables',
      body: StrContent,
      response: { 200: Type.Array(Observable), 400: IrohKeyErrors, ...AUTH_ERRORS },
    },
  }, (request) => inspect(request.body.content))
}
