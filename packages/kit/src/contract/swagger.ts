// Contract checks against Cisco's own IROH Swagger 2.0 (reduced copies in specs/iroh): find the operation a request
// hits, turn its Swagger schemas into JSON Schema for Ajv, and list every way a request or response departs from it.
// Lenient about Swagger quirks (x-nullable, x-oneOf, type: file, int64/double formats), strict about required
// fields, types, enums and additionalProperties: false.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import ajvFormats from 'ajv-formats'

export const SPECS_DIR = fileURLToPath(new URL('../../../../specs/iroh/', import.meta.url))

type SwaggerSchema = { [keyword: string]: unknown }

export interface SwaggerParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'body' | 'formData'
  required?: boolean
  type?: string
  items?: SwaggerSchema
  collectionFormat?: 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi'
  schema?: SwaggerSchema
  [keyword: string]: unknown
}

export interface SwaggerOperation {
  operationId?: string
  parameters?: SwaggerParameter[]
  responses: { [status: string]: { schema?: SwaggerSchema } }
}

export interface SwaggerSpec {
  swagger: '2.0'
  info: { title?: string; version: string }
  basePath: string
  paths: { [template: string]: { [method: string]: SwaggerOperation } }
  definitions: { [name: string]: SwaggerSchema }
}

export interface OperationEntry {
  method: string // upper case
  path: string // full path template: basePath + the spec's path, e.g. /iroh/iroh-int/module-instance/{id}
  operationId?: string
  operation: SwaggerOperation
}

export interface ContractError {
  in: 'operation' | 'status' | 'path' | 'query' | 'header' | 'body'
  pointer: string // JSON pointer into the checked value ('' = the value itself) or the parameter name
  message: string
}

export interface RequestParts {
  query?: { [name: string]: string | string[] | undefined } | URLSearchParams | string
  headers?: { [name: string]: string | string[] | undefined }
  body?: unknown
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch']
// Keywords that mean the same in Swagger 2.0 schemas and JSON Schema draft-07; everything else is dropped.
const SHARED_KEYWORDS = [
  'type', 'enum', 'required', 'uniqueItems', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'minProperties', 'maxProperties',
]
// Formats Ajv checks; int32/int64/float/double/byte/binary/password are only hints and are skipped.
const CHECKED_FORMATS = new Set(['date-time', 'date', 'time', 'email', 'hostname', 'ipv4', 'ipv6', 'uri', 'uuid'])

function convertSchema(schema: unknown, specName: string): SwaggerSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {}
  const source = schema as SwaggerSchema
  let out: SwaggerSchema = {}
  if (typeof source.$ref === 'string') {
    // Swagger ignores a $ref's siblings, except the nullability its generator puts next to it.
    out.$ref = source.$ref.startsWith('#/') ? `${specName}${source.$ref}` : source.$ref
  } else {
    for (const keyword of SHARED_KEYWORDS) if (keyword in source) out[keyword] = source[keyword]
    if (source.type === 'file') delete out.type
    if (typeof source.format === 'string' && CHECKED_FORMATS.has(source.format)) out.format = source.format
    if (source.exclusiveMinimum === true && 'minimum' in source) {
      out.exclusiveMinimum = source.minimum
      delete out.minimum
    }
    if (source.exclusiveMaximum === true && 'maximum' in source) {
      out.exclusiveMaximum = source.maximum
      delete out.maximum
    }
    if (source.items !== undefined) out.items = convertSchema(source.items, specName)
    if (source.properties && typeof source.properties === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(source.properties).map(([name, value]) => [name, convertSchema(value, specName)]),
      )
    }
    if (typeof source.additionalProperties === 'boolean') out.additionalProperties = source.additionalProperties
    else if (source.additionalProperties && typeof source.additionalProperties === 'object') {
      out.additionalProperties = convertSchema(source.additionalProperties, specName)
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (Array.isArray(source[keyword])) {
        out[keyword] = (source[keyword] as unknown[]).map((item) => convertSchema(item, specName))
      }
    }
    // Cisco's generator writes alternatives as x-oneOf, often with duplicates ({type: string} twice): anyOf.
    if (Array.isArray(source['x-oneOf'])) {
      out.anyOf = (source['x-oneOf'] as unknown[]).map((item) => convertSchema(item, specName))
    }
  }
  if (source['x-nullable'] === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    } else if (out.$ref !== undefined || out.anyOf !== undefined || out.type !== undefined) {
      out = { anyOf: [out, { type: 'null' }] }
    }
  }
  return out
}

function describe(error: ErrorObject): { pointer: string; message: string } {
  const params = error.params as { [key: string]: unknown }
  if (error.keyword === 'required') {
    return { pointer: error.instancePath, message: `must have required property '${String(params.missingProperty)}'` }
  }
  if (error.keyword === 'additionalProperties') {
    return {
      pointer: error.instancePath,
      message: `must NOT have additional property '${String(params.additionalProperty)}'`,
    }
  }
  if (error.keyword === 'enum') {
    const allowed = params.allowedValues as unknown[]
    const shown = allowed.length > 8 ? `${allowed.slice(0, 8).join(', ')}, ...` : allowed.join(', ')
    return { pointer: error.instancePath, message: `must be one of: ${shown}` }
  }
  return { pointer: error.instancePath, message: error.message ?? error.keyword }
}

// One error per failed anyOf, quoting what the alternatives wanted, instead of one error per alternative. Ajv
// emits an anyOf's errors right before it, all at or below its instance path (even through a $ref).
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const under = (path: string, root: string) => path === root || path.startsWith(`${root}/`)
  const out: ErrorObject[] = []
  for (let i = errors.length - 1; i >= 0; i--) {
    const error = errors[i]!
    if (error.keyword !== 'anyOf') {
      out.unshift(error)
      continue
    }
    let start = i
    while (start > 0 && under(errors[start - 1]!.instancePath, error.instancePath)) start--
    const wanted = errors.slice(start, i).filter((e) => e.keyword !== 'anyOf').map((e) => describe(e).message)
    out.unshift({ ...error, message: `must match one of the alternatives (${[...new Set(wanted)].join('; ')})` })
    i = start
  }
  return out
}

function queryValues(query: RequestParts['query'], name: string): string[] | undefined {
  if (query === undefined) return undefined
  if (typeof query === 'string' || query instanceof URLSearchParams) {
    const params = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query
    return params.has(name) ? params.getAll(name) : undefined
  }
  const value = query[name]
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}

// A query/path/header string turned into the JSON value its Swagger type describes, so the schema check is typed.
function coerce(raw: string, type: unknown): unknown {
  if (type === 'integer' || type === 'number') return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw
  return raw
}

const SEPARATORS = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' } as const

function parameterValue(parameter: SwaggerParameter, raw: string[]): unknown {
  if (parameter.type !== 'array') return coerce(raw[raw.length - 1] ?? '', parameter.type)
  const format = parameter.collectionFormat ?? 'csv'
  const parts = format === 'multi' ? raw : raw.flatMap((value) => value.split(SEPARATORS[format]))
  const itemType = (parameter.items as SwaggerSchema | undefined)?.type
  return parts.map((part) => coerce(part, itemType))
}

export interface SwaggerContract {
  load(name: string): SwaggerSpec
  operations(spec: SwaggerSpec | string): OperationEntry[]
  findOperation(
    specName: string,
    method: string,
    path: string,
  ): { entry: OperationEntry; params: { [name: string]: string } } | undefined
  validateRequest(specName: string, method: string, path: string, request?: RequestParts): ContractError[]
  validateResponse(specName: string, method: string, path: string, status: number, body: unknown): ContractError[]
}

export function createSwaggerContract(specsDir: string = SPECS_DIR): SwaggerContract {
  // Memos of read-only inputs: spec files, and the validators compiled from them.
  const specs = new Map<string, SwaggerSpec>()
  const validators = new Map<string, ValidateFunction>()
  const ajv = new Ajv({ strict: false, allErrors: true })
  ;(ajvFormats as unknown as (instance: Ajv) => Ajv)(ajv)

  function specKey(name: string): string {
    return name.replace(/\.json$/, '')
  }

  function load(name: string): SwaggerSpec {
    const key = specKey(name)
    let spec = specs.get(key)
    if (!spec) {
      spec = JSON.parse(readFileSync(join(specsDir, `${key}.json`), 'utf8')) as SwaggerSpec
      if (spec.swagger !== '2.0') throw new Error(`${key}.json is not a Swagger 2.0 document`)
      specs.set(key, spec)
      const definitions = Object.fromEntries(
        Object.entries(spec.definitions ?? {}).map(([defName, schema]) => [defName, convertSchema(schema, key)]),
      )
      ajv.addSchema({ definitions }, key)
    }
    return spec
  }

  function operations(specOrName: SwaggerSpec | string): OperationEntry[] {
    const spec = typeof specOrName === 'string' ? load(specOrName) : specOrName
    const base = (spec.basePath ?? '/').replace(/\/+$/, '')
    return Object.entries(spec.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path: `${base}${template}`.replace(/\/{2,}/g, '/'),
          ...(operation.operationId ? { operationId: operation.operationId } : {}),
          operation,
        })),
    )
  }

  function findOperation(specName: string, method: string, path: string) {
    const wanted = method.toUpperCase()
    const requested = (path.split('?')[0] ?? '').replace(/(.)\/+$/, '$1')
    let best: { entry: OperationEntry; params: { [name: string]: string }; count: number } | undefined
    for (const entry of operations(specName)) {
      if (entry.method !== wanted) continue
      const names: string[] = []
      const source = entry.path
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1]
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          names.push(name)
          return '([^/]+)'
        })
        .join('')
      const match = new RegExp(`^${source}$`).exec(requested)
      if (!match) continue
      if (best && best.count <= names.length) continue
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]))
      best = { entry, params, count: names.length }
    }
    return best && { entry: best.entry, params: best.params }
  }

  function validator(cacheKey: string, specName: string, schema: SwaggerSchema): ValidateFunction {
    let validate = validators.get(cacheKey)
    if (!validate) {
      validate = ajv.compile(convertSchema(schema, specKey(specName)))
      validators.set(cacheKey, validate)
    }
    return validate
  }

  function check(
    where: ContractError['in'],
    cacheKey: string,
    specName: string,
    schema: SwaggerSchema,
    value: unknown,
    prefix = '',
  ): ContractError[] {
    const validate = validator(cacheKey, specName, schema)
    if (validate(value)) return []
    return collapseAlternatives(validate.errors ?? []).map((error) => {
      const { pointer, message } = describe(error)
      return { in: where, pointer: prefix + pointer, message }
    })
  }

  function notFound(specName: string, method: string, path: string): ContractError[] {
    return [{ in: 'operation', pointer: '', message: `${specName} has no operation ${method.toUpperCase()} ${path}` }]
  }

  function validateRequest(specName: string, method: string, path: string, request: RequestParts = {}) {
    const found = findOperation(specName, method, path)
    if (!found) return notFound(specName, method, path)
    const { entry, params } = found
    const query = request.query ?? (path.includes('?') ? path.slice(path.indexOf('?') + 1) : undefined)
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    )
    const errors: ContractError[] = []
    for (const parameter of entry.operation.parameters ?? []) {
      const key = `req ${specName} ${entry.method} ${entry.path} ${parameter.in} ${parameter.name}`
      if (parameter.in === 'body') {
        if (request.body === undefined) {
          if (parameter.required) errors.push({ in: 'body', pointer: '', message: 'request body is required' })
        } else if (parameter.schema) {
          errors.push(...check('body', key, specName, parameter.schema, request.body))
        }
        continue
      }
      let raw: string[] | undefined
      if (parameter.in === 'path') raw = params[parameter.name] === undefined ? undefined : [params[parameter.name]!]
      else if (parameter.in === 'query') raw = queryValues(query, parameter.name)
      else if (parameter.in === 'header') {
        const value = headers[parameter.name.toLowerCase()]
        raw = value === undefined ? undefined : Array.isArray(value) ? value : [value]
      } else {
        const form = request.body as { [name: string]: unknown } | undefined
        const value = form?.[parameter.name]
        raw = value === undefined ? undefined : [String(value)]
      }
      const where = parameter.in === 'formData' ? 'body' : parameter.in
      if (raw === undefined) {
        if (parameter.required) {
          errors.push({ in: where, pointer: parameter.name, message: `required ${parameter.in} parameter is missing` })
        }
        continue
      }
      if (parameter.type === 'file') continue
      const { name: _name, in: _in, required: _required, collectionFormat: _format, ...schema } = parameter
      errors.push(...check(where, key, specName, schema, parameterValue(parameter, raw), parameter.name))
    }
    return errors
  }

  function validateResponse(specName: string, method: string, path: string, status: number, body: unknown) {
    const found = findOperation(specName, method, path)
    if (!found) return notFound(specName, method, path)
    const { entry } = found
    const responses = entry.operation.responses ?? {}
    const code = String(status) in responses ? String(status) : 'default' in responses ? 'default' : undefined
    if (code === undefined) {
      const documented = Object.keys(responses).join(', ')
      return [
        { in: 'status', pointer: '', message: `status ${status} is not documented (documented: ${documented})` },
      ] satisfies ContractError[]
    }
    const schema = responses[code]?.schema
    if (!schema) return []
    return check('body', `res ${specName} ${entry.method} ${entry.path} ${code}`, specName, schema, body)
  }

  return { load, operations, findOperation, validateRequest, validateResponse }
}

let defaultContract: SwaggerContract | undefined
function contract(): SwaggerContract {
  defaultContract ??= createSwaggerContract()
  return defaultContract
}

// The same operations over the repository's specs/iroh, for tests that need nothing else.
export function loadSwagger(name: string): SwaggerSpec {
  return contract().load(name)
}

export function operations(spec: SwaggerSpec | string): OperationEntry[] {
  return contract().operations(spec)
}

export function validateRequest(specName: string, method: string, path: string, request?: RequestParts) {
  return contract().validateRequest(specName, method, path, request)
}

export function validateResponse(specName: string, method: string, path: string, status: number, body: unknown) {
  return contract().validateResponse(specName, method, path, status, body)
}

export function formatContractErrors(errors: ContractError[]): string {
  return errors.map((error) => `${error.in} ${error.pointer || '(root)'}: ${error.message}`).join('\n')
}
