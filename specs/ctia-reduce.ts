// Reduces Cisco's CTIA Swagger 2.0 (private intelligence, v2.71.0) the way reduce.ts reduces IROH's: paths and
// definitions without prose. CTIA publishes a build hash as basePath while its paths already start with /ctia, so
// the copy says basePath "/" to keep request paths and Swagger paths the same. Two parameters of Cisco's file carry
// `"enum": null` (not valid Swagger, and refused by every validator): the copy leaves those enums out.
//   node --import tsx specs/ctia-reduce.ts [source=/work/shared/specs/ctia.json] [out=specs/ctia/ctia.json]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { reduceSwagger, stringifyCompact } from './reduce.ts'

const here = fileURLToPath(new URL('.', import.meta.url))
const source = resolve(process.argv[2] ?? '/work/shared/specs/ctia.json')
const out = resolve(process.argv[3] ?? join(here, 'ctia', 'ctia.json'))
const original = readFileSync(source, 'utf8')
function dropNullEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropNullEnums)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'enum' && value === null)).map(([key, value]) => [key, dropNullEnums(value)]))
}

// CTIM has two schemas named Note: a weakness's note ({type, note}) and the Note entity. The Swagger kept one
// definition for both, so a weakness's notes pointed at the entity's schema; the copy gives them their own.
function restoreWeaknessNote(spec: { definitions: Record<string, { properties?: Record<string, { items?: { $ref?: string } }> }> }) {
  spec.definitions.WeaknessNote = {
    type: 'object', required: ['type', 'note'], additionalProperties: false,
    properties: { type: { type: 'string' }, note: { type: 'string' } },
  } as (typeof spec.definitions)[string]
  const notes = spec.definitions.Weakness?.properties?.notes
  if (notes?.items) notes.items = { $ref: '#/definitions/WeaknessNote' }
  return spec
}

const reduced = dropNullEnums(restoreWeaknessNote({ ...reduceSwagger(JSON.parse(original)), basePath: '/' } as never)) as Parameters<typeof stringifyCompact>[0]
mkdirSync(dirname(out), { recursive: true })
const text = stringifyCompact(reduced) + '\n'
writeFileSync(out, text)
console.log(`${source}: ${original.length} → ${text.length} bytes`)
