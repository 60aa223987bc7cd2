// Evaluates a parsed Lucene query against a CTIM document, approximating CTIA's Elasticsearch mapping: free-text
// fields (titles, descriptions, reasons, ...) match on words, every other field on its whole value; both ignore case.
import type { LuceneQuery } from './lucene.ts'
import { TEXT_FIELDS, words } from './search-index.ts'

type Doc = Record<string, unknown>

/** Every leaf value at a dotted path, through arrays. */
export function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path))
  if (path.length === 0) return value === undefined || value === null ? [] : [value]
  if (value === null || typeof value !== 'object') return []
  return valuesAt((value as Doc)[path[0]!], path.slice(1))
}

function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves)
  if (value !== null && typeof value === 'object') return Object.values(value as Doc).flatMap(leaves)
  return value === undefined || value === null ? [] : [value]
}

/** Whether `text` matches a Lucene wildcard `pattern` (`*` any run, `?` one character), in linear-ish time. */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let star = -1
  let mark = 0
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++
      t++
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++
      mark = t
    } else if (star >= 0) {
      p = star + 1
      t = ++mark
    } else {
      return false
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
}

function matchesTerm(leaf: unknown, value: string, phrase: boolean, text: boolean): boolean {
  const s = String(leaf).toLowerCase()
  const wanted = value.toLowerCase()
  if (!phrase && /[*?]/.test(value)) {
    return globMatch(wanted, s) || (text && words(s).some((w) => globMatch(wanted, w)))
  }
  if (s === wanted) return true
  if (!text) return false
  const have = words(s)
  const need = words(wanted)
  if (need.length === 0) return false
  for (let i = 0; i + need.length <= have.length; i++) {
    if (need.every((w, j) => have[i + j] === w)) return true
  }
  return false
}

function compare(a: string, b: string): number {
  const x = Number(a)
  const y = Number(b)
  if (a.trim() !== '' && b.trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y
  return a < b ? -1 : a > b ? 1 : 0
}

export function matchesLucene(doc: Doc, query: LuceneQuery): boolean {
  switch (query.kind) {
    case 'all': return true
    case 'and': return query.items.every((item) => matchesLucene(doc, item))
    case 'or': return query.items.some((item) => matchesLucene(doc, item))
    case 'not': return !matchesLucene(doc, query.item)
    case 'exists': return valuesAt(doc, query.field.split('.')).length > 0
    case 'range': return valuesAt(doc, query.field.split('.')).some((leaf) => {
      const s = String(leaf)
      if (query.low !== undefined) {
        const c = compare(s, query.low)
        if (c < 0 || (c === 0 && !query.lowInclusive)) return false
      }
      if (query.high !== undefined) {
        const c = compare(s, query.high)
        if (c > 0 || (c === 0 && !query.highInclusive)) return false
      }
      return true
    })
    case 'term': {
      if (query.field === undefined) return leaves(doc).some((leaf) => matchesTerm(leaf, query.value, query.phrase, true))
      const path = query.field.split('.')
      const text = TEXT_FIELDS.has(path[path.length - 1]!)
      return valuesAt(doc, path).some((leaf) => matchesTerm(leaf, query.value, query.phrase, text))
    }
  }
}
