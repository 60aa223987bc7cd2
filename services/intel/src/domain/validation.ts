// Validates values against the Swagger's definitions (NewJudgement, PartialNewNote, ...) with Ajv, and words the
// failures as compojure-api does: an object shaped like the input, naming each bad field.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import ajvFormats from 'ajv-formats'
import { CTIA_SPEC } from './ctia-spec.ts'
import type { ValidationErrors } from './errors.ts'

const ajv = new Ajv({ strict: false, allErrors: true, verbose: true })
;(ajvFormats as unknown as (instance: Ajv) => Ajv)(ajv)
// Swagger's numeric formats are hints, not checks.
for (const format of ['int64', 'int32', 'double', 'float']) ajv.addFormat(format, true)
ajv.addSchema({ definitions: CTIA_SPEC.definitions }, 'ctia')

const compiled = new Map<string, ValidateFunction>()

function validator(definition: string): ValidateFunction {
  let validate = compiled.get(definition)
  if (!validate) {
    if (!CTIA_SPEC.definitions[definition]) throw new Error(`the CTIA Swagger has no definition ${definition}`)
    validate = ajv.compile({ $ref: `ctia#/definitions/${definition}` })
    compiled.set(definition, validate)
  }
  return validate
}

function place(errors: ValidationErrors, path: string[], message: string): void {
  let node = errors
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (node[key] === undefined) node[key] = message
      return
    }
    const next = node[key]
    if (typeof next !== 'object') node[key] = {}
    node = node[key] as ValidationErrors
  }
}

function describe(error: ErrorObject): { path: string[]; message: string } {
  const path = error.instancePath.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required') return { path: [...path, String(params.missingProperty)], message: 'missing-required-key' }
  if (error.keyword === 'additionalProperties') return { path: [...path, String(params.additionalProperty)], message: 'disallowed-key' }
  if (error.keyword === 'enum') return { path, message: `(not (#{${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(' ')}} ${JSON.stringify(error.data)}))` }
  if (error.keyword === 'type') return { path, message: `(not (instance? ${String(params.type)} ${JSON.stringify(error.data)}))` }
  return { path, message: `(not (${error.message ?? error.keyword} ${JSON.stringify(error.data)}))` }
}

/** The errors of `value` against a Swagger definition, or undefined when it is valid. */
export function schemaErrors(definition: string, value: unknown): ValidationErrors | string | undefined {
  const validate = validator(definition)
  if (validate(value)) return undefined
  const errors: ValidationErrors = {}
  for (const error of validate.errors ?? []) {
    const { path, message } = describe(error)
    if (path.length === 0) return message
    place(errors, path, message)
  }
  return errors
}

export function hasDefinition(definition: string): boolean {
  return CTIA_SPEC.definitions[definition] !== undefined
}
