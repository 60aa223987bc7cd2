// What IROH makes of the documents a module sends: fields CTIM does not list pass through (relays send CTIM
// extensions and newer schema versions), while a document lacking what CTIM requires cannot be served, so the module
// that sent it becomes an errors[] entry instead of failing the whole call.
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { TSchema } from '@sinclair/typebox'
import { ModuleObserveBundle } from '@ctrmock/types'
import { ctimBundle, type ModuleError } from './enrich.ts'

/** The schema with every closed object opened: unknown fields are kept instead of refused or dropped. */
export function openSchema<T extends TSchema>(schema: T): T {
  return open(schema) as T
}

function open(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(open)
  if (!node || typeof node !== 'object') return node
  const copy: Record<string | symbol, unknown> = { ...node }
  for (const key of Object.keys(copy)) copy[key] = key === 'additionalProperties' && copy[key] === false ? true : open(copy[key])
  return copy
}

const bundleCheck = TypeCompiler.Compile(openSchema(ModuleObserveBundle))

/** Why a module's observe/deliberate data cannot be served, as a module error; undefined when it can. */
export function bundleProblem(data: unknown, moduleName: string): ModuleError | undefined {
  const first = bundleCheck.Errors(ctimBundle(data)).First()
  if (!first) return undefined
  return {
    type: 'fatal',
    code: 'invalid module response',
    message: `${moduleName} answered a document that does not conform to CTIM: ${first.path || '/'} ${first.message}`,
  }
}
