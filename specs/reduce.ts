// Reduces Cisco's harvested IROH Swagger 2.0 files (v1.0.107) to what contract tests use: swagger, info.version,
// basePath, paths and definitions, without prose (description, summary, example, tags) or x- extensions other than
// the two that change validation (x-nullable, x-oneOf). Files that are not Swagger (oauth-as.json) are copied as-is.
//   node --import tsx specs/reduce.ts [sourceDir=/work/shared/specs] [outDir=specs/iroh]
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const PROSE = new Set(['description', 'summary', 'example', 'tags'])
const KEPT_EXTENSIONS = new Set(['x-nullable', 'x-oneOf'])
// Maps whose keys are names (property, definition, path, status code), never keywords.
const NAME_MAPS = new Set(['properties', 'definitions', 'paths', 'responses', 'patternProperties'])
// Values that are data, not schema: copied untouched.
const DATA = new Set(['enum', 'default', 'required'])

function reduceNode(node: Json, namesOnly = false): Json {
  if (Array.isArray(node)) return node.map((item) => reduceNode(item))
  if (node === null || typeof node !== 'object') return node
  const out: { [key: string]: Json } = {}
  for (const [key, value] of Object.entries(node)) {
    if (namesOnly) {
      out[key] = reduceNode(value)
      continue
    }
    if (PROSE.has(key)) continue
    if (key.startsWith('x-') && !KEPT_EXTENSIONS.has(key)) continue
    out[key] = DATA.has(key) ? value : reduceNode(value, NAME_MAPS.has(key))
  }
  return out
}

// JSON.stringify with 2-space indentation, except that a value that fits on its line (100 columns) stays on it.
export function stringifyCompact(value: Json, indent = '', column = 0): string {
  const flat = JSON.stringify(value)
  if (value === null || typeof value !== 'object' || column + flat.length <= 100) return flat
  const inner = indent + '  '
  const lines = Array.isArray(value)
    ? value.map((item) => inner + stringifyCompact(item, inner, inner.length))
    : Object.entries(value).map(([key, item]) => {
        const head = `${inner}${JSON.stringify(key)}: `
        return head + stringifyCompact(item, inner, head.length)
      })
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`
}

export function reduceSwagger(spec: { [key: string]: Json }): { [key: string]: Json } {
  if (!('swagger' in spec)) return spec
  const info = (spec.info ?? {}) as { [key: string]: Json }
  return {
    swagger: spec.swagger,
    info: { title: info.title ?? null, version: info.version ?? null },
    basePath: spec.basePath ?? '/',
    paths: reduceNode(spec.paths ?? {}, true),
    definitions: reduceNode(spec.definitions ?? {}, true),
  }
}

function main(): void {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const sourceDir = resolve(process.argv[2] ?? '/work/shared/specs')
  const outDir = resolve(process.argv[3] ?? join(here, 'iroh'))
  mkdirSync(outDir, { recursive: true })
  for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.json')).sort()) {
    const source = readFileSync(join(sourceDir, file), 'utf8')
    const reduced = stringifyCompact(reduceSwagger(JSON.parse(source))) + '\n'
    writeFileSync(join(outDir, file), reduced)
    console.log(`${file}: ${source.length} → ${reduced.length} bytes`)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
