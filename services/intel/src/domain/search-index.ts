// The searchable form of a document, stored beside it so search runs in the database: `v` is the document with every
// leaf as its lowercased text (whole-value matches, indexed), `words` the same with each leaf as its words (free-text
// matches, which no index serves).
type Doc = Record<string, unknown>

/** Free-text fields: CTIA's Elasticsearch mapping analyses these into words; every other field is one keyword. */
export const TEXT_FIELDS = new Set(['description', 'short_description', 'title', 'reason', 'content', 'name', 'text', 'comment', 'summary', 'message'])

/** A leaf's words, lowercased: runs of letters, digits and underscores. */
export const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean)

/** A leaf's words as `w` stores them: one space before, between and after, so a phrase is a substring. */
export const spacedWords = (list: string[]) => ` ${list.join(' ')} `

function mapLeaves(value: unknown, leaf: (text: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, leaf))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Doc).map(([key, inner]) => [key, mapLeaves(inner, leaf)]))
  }
  return value === null || value === undefined ? null : leaf(String(value))
}

export type Searchable = {
  values: {
    v: unknown
    /** Whether `timestamp` is a date, so the row's timestamp column is the document's (from/to windows). */
    t: boolean
  }
  words: unknown
}

export function searchableOf(doc: Doc): Searchable {
  return {
    values: { v: mapLeaves(doc, (text) => text.toLowerCase()), t: typeof doc.timestamp === 'string' && !Number.isNaN(Date.parse(doc.timestamp)) },
    words: mapLeaves(doc, (text) => spacedWords(words(text))),
  }
}
