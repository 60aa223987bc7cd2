// One CTIA operation as a Fastify route, declared by its Swagger path: the route checks scopes, reads and checks
// query and path parameters and the body against the Swagger operation (CTIA's 400 naming the field), calls the
// handler, and sends its answer.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServiceApp } from '@ctrmock/kit'
import { CTIA_SPEC, type SwaggerParameter } from '../domain/ctia-spec.ts'
import type { Actor } from '../domain/context.ts'
import { requestValidation, type ValidationErrors } from '../domain/errors.ts'
import { schemaErrors } from '../domain/validation.ts'
import type { Access } from '../domain/scopes.ts'
import { actorFor } from './auth.ts'

export type QueryValue = string | number | boolean | string[] | number[]

export interface OperationInput {
  actor: Actor
  params: Record<string, string>
  query: Record<string, QueryValue>
  body: unknown
}

export interface OperationResult {
  status?: number
  body?: unknown
  headers?: Record<string, string>
}

export interface OperationOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The Swagger path, e.g. /ctia/judgement/{id}. */
  path: string
  /** Who may call it: reading or writing, of which family (casebook scopes also grant casebooks). */
  access: Access
  family?: string
  tag: string
  /** The Swagger operation whose parameters this route reads, when the route itself is not in the Swagger. */
  parametersOf?: string
  /** Rewrites the borrowed operation's parameters, for a family that declares its own fields. */
  adjustParameters?: ((parameters: SwaggerParameter[]) => SwaggerParameter[]) | undefined
  handler: (input: OperationInput) => Promise<OperationResult>
}

const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, (_, name: string) => `:${name.replaceAll('-', '_')}`)

function coerce(parameter: { type?: string; enum?: unknown[]; format?: string }, raw: string): { value?: string | number | boolean; error?: string } {
  const type = parameter.type ?? 'string'
  let value: string | number | boolean = raw
  if (type === 'integer' || type === 'number') {
    const n = Number(raw)
    if (raw.trim() === '' || Number.isNaN(n) || (type === 'integer' && !Number.isInteger(n))) return { error: `(not (integer? ${JSON.stringify(raw)}))` }
    value = n
  } else if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') return { error: `(not (instance? java.lang.Boolean ${JSON.stringify(raw)}))` }
    value = raw === 'true'
  } else if ((parameter as { format?: string }).format === 'date-time' && Number.isNaN(Date.parse(raw))) {
    return { error: `(not (instance? java.util.Date ${JSON.stringify(raw)}))` }
  }
  if (parameter.enum && !parameter.enum.includes(value)) {
    return { error: `(not (#{${parameter.enum.map((v) => JSON.stringify(v)).join(' ')}} ${JSON.stringify(raw)}))` }
  }
  return { value }
}

function readQuery(parameters: SwaggerParameter[], raw: Record<string, unknown>): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {}
  const errors: ValidationErrors = {}
  for (const parameter of parameters.filter((p) => p.in === 'query')) {
    const given = raw[parameter.name]
    const values = given === undefined ? [] : (Array.isArray(given) ? given : [given]).map(String)
    if (values.length === 0) {
      if (parameter.required) errors[parameter.name] = 'missing-required-key'
      continue
    }
    if (parameter.type === 'array') {
      const items = parameter.items ?? {}
      const coerced = values.map((v) => coerce(items, v))
      const bad = coerced.find((c) => c.error)
      if (bad?.error) errors[parameter.name] = bad.error
      else out[parameter.name] = coerced.map((c) => c.value) as string[] | number[]
      continue
    }
    const { value, error } = coerce(parameter as { type?: string; enum?: unknown[] }, values[values.length - 1]!)
    if (error) errors[parameter.name] = error
    else out[parameter.name] = value!
  }
  if (Object.keys(errors).length > 0) throw requestValidation('query-params', errors, raw)
  return out
}

function readParams(parameters: SwaggerParameter[], raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  const errors: ValidationErrors = {}
  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    const value = raw[parameter.name.replaceAll('-', '_')] ?? ''
    if (parameter.enum && !parameter.enum.includes(value)) errors[parameter.name] = `(not (#{...} ${JSON.stringify(value)}))`
    out[parameter.name] = value
  }
  if (Object.keys(errors).length > 0) throw requestValidation('path-params', errors, raw)
  return out
}

function checkBody(parameters: SwaggerParameter[], body: unknown): void {
  const parameter = parameters.find((p) => p.in === 'body')
  if (!parameter) return
  const ref = parameter.schema?.$ref?.replace('#/definitions/', '')
  if (body === undefined || body === null) {
    if (parameter.required) throw requestValidation('body-params', 'missing-required-key', body ?? null)
    return
  }
  const errors = ref ? schemaErrors(ref, body) : undefined
  if (errors !== undefined) throw requestValidation('body-params', errors, body)
}

type Run = (request: FastifyRequest, reply: FastifyReply, params: Record<string, string>) => Promise<FastifyReply>

/** An operation as the long-path fallback matches it: its method, its path's segments, and how to run it. */
export interface RegisteredOperation {
  method: string
  segments: string[]
  run: Run
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every CTIA operation registered in this context, for the long-path fallback (long-paths.ts). */
    ctiaOperations?: RegisteredOperation[]
  }
}

export function operation(app: ServiceApp, options: OperationOptions): void {
  const swaggerPath = options.parametersOf ?? options.path
  const swagger = CTIA_SPEC.paths[swaggerPath]?.[options.method.toLowerCase()]
  if (!swagger) throw new Error(`the CTIA Swagger has no operation ${options.method} ${swaggerPath}`)
  // A borrowed operation's body schema is another family's: the domain validates such bodies itself.
  const borrowed = (swagger.parameters ?? []).filter((p) => !(options.parametersOf && p.in === 'body'))
  const parameters = options.adjustParameters ? options.adjustParameters(borrowed) : borrowed
  const run: Run = async (request, reply, rawParams) => {
    const actor = actorFor(request, options.access, options.family)
    const params = readParams(parameters, rawParams)
    const query = readQuery(parameters, request.query as Record<string, unknown>)
    checkBody(parameters, request.body)
    const result = await options.handler({ actor, params, query, body: request.body })
    for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value)
    reply.code(result.status ?? 200)
    if (result.body === undefined) return reply.send()
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(result.body))
  }
  app.ctiaOperations?.push({ method: options.method, segments: fastifyPath(options.path).split('/'), run })
  app.route({
    method: options.method,
    url: fastifyPath(options.path),
    schema: { tags: [options.tag] },
    handler: (request: FastifyRequest, reply: FastifyReply) => run(request, reply, request.params as Record<string, string>),
  })
}
