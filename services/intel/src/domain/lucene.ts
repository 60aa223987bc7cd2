// The Lucene query-string subset CTIA's `query` parameter is written in: field:value, "quoted phrases", AND, OR, NOT
// (also &&, ||, !, -), parentheses (also field:(a OR b)), `*` and `?` wildcards, field:* and [low TO high] ranges.
// Terms without an operator between them are ANDed, as CTIA asks Elasticsearch to (default_operator AND).

export type LuceneQuery =
  | { kind: 'and' | 'or'; items: LuceneQuery[] }
  | { kind: 'not'; item: LuceneQuery }
  | { kind: 'all' }
  | { kind: 'exists'; field: string }
  | { kind: 'term'; field?: string; value: string; phrase: boolean }
  | { kind: 'range'; field: string; low?: string; high?: string; lowInclusive: boolean; highInclusive: boolean }

export class LuceneSyntaxError extends Error {}

/** Deeper nesting than any query a person writes; bounds the parser's recursion. */
const MAX_DEPTH = 64

type Token = { t: 'word' | 'phrase' | '(' | ')' | ':' | '[' | ']' | '{' | '}'; v: string; at: number }

const SPECIAL = new Set(['(', ')', ':', '[', ']', '{', '}', '"'])

function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  // Inside a range's brackets only whitespace and the closing bracket end a bound, as in Lucene (dates have colons).
  let inRange = false
  const special = (c: string) => SPECIAL.has(c) && !(inRange && c === ':')
  while (i < input.length) {
    const c = input[i]!
    if (/\s/.test(c)) { i++; continue }
    if (c === '"') {
      let j = i + 1
      let text = ''
      while (j < input.length && input[j] !== '"') {
        if (input[j] === '\\' && j + 1 < input.length) j++
        text += input[j]
        j++
      }
      if (j >= input.length) throw new LuceneSyntaxError(`Cannot parse '${input}': unterminated quoted phrase at ${i}`)
      tokens.push({ t: 'phrase', v: text, at: i })
      i = j + 1
      continue
    }
    if (special(c)) {
      if (c === '[' || c === '{') inRange = true
      if (c === ']' || c === '}') inRange = false
      tokens.push({ t: c as Token['t'], v: c, at: i })
      i++
      continue
    }
    let text = ''
    let j = i
    while (j < input.length && !/\s/.test(input[j]!) && !special(input[j]!)) {
      if (input[j] === '\\' && j + 1 < input.length) j++
      text += input[j]
      j++
    }
    tokens.push({ t: 'word', v: text, at: i })
    i = j
  }
  return tokens
}

const isOp = (tok: Token | undefined, ...ops: string[]) => tok?.t === 'word' && ops.includes(tok.v)

export function parseLucene(input: string): LuceneQuery {
  const tokens = tokenize(input)
  let pos = 0
  const fail = (why: string): never => {
    const at = tokens[pos]?.at ?? input.length
    throw new LuceneSyntaxError(`Cannot parse '${input}': ${why} at ${at}`)
  }
  const peek = () => tokens[pos]

  function orExpr(field?: string): LuceneQuery {
    const items = [andExpr(field)]
    while (isOp(peek(), 'OR', '||')) {
      pos++
      items.push(andExpr(field))
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items }
  }

  function andExpr(field?: string): LuceneQuery {
    const items = [unary(field)]
    for (;;) {
      const tok = peek()
      if (!tok || tok.t === ')' || isOp(tok, 'OR', '||')) break
      if (isOp(tok, 'AND', '&&')) pos++
      items.push(unary(field))
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items }
  }

  function unary(field?: string): LuceneQuery {
    const tok = peek()
    if (isOp(tok, 'NOT', '!')) {
      pos++
      if (++depth > MAX_DEPTH) fail(`more than ${MAX_DEPTH} nested operators`)
      const item = unary(field)
      depth--
      return { kind: 'not', item }
    }
    if (tok?.t === 'word' && tok.v.length > 1 && /^[-+!]/.test(tok.v)) {
      const negate = !tok.v.startsWith('+')
      tokens[pos] = { ...tok, v: tok.v.slice(1), at: tok.at + 1 }
      if (++depth > MAX_DEPTH) fail(`more than ${MAX_DEPTH} nested operators`)
      const item = unary(field)
      depth--
      return negate ? { kind: 'not', item } : item
    }
    return primary(field)
  }

  function range(field: string): LuceneQuery {
    const open = tokens[pos++]!
    const low = tokens[pos++]
    const to = tokens[pos++]
    const high = tokens[pos++]
    const close = tokens[pos++]
    if (low?.t !== 'word' && low?.t !== 'phrase') return fail('a range needs a lower bound')
    if (!isOp(to, 'TO')) return fail('a range needs TO')
    if (high?.t !== 'word' && high?.t !== 'phrase') return fail('a range needs an upper bound')
    if (close?.t !== ']' && close?.t !== '}') return fail('an unterminated range')
    return {
      kind: 'range', field,
      ...(low.v === '*' ? {} : { low: low.v }), ...(high.v === '*' ? {} : { high: high.v }),
      lowInclusive: open.t === '[', highInclusive: close.t === ']',
    }
  }

  let depth = 0
  function value(field: string | undefined): LuceneQuery {
    const tok = peek()
    if (!tok) return fail('a term was expected')
    if (tok.t === '(') {
      pos++
      if (++depth > MAX_DEPTH) fail(`more than ${MAX_DEPTH} nested parentheses`)
      const inner = orExpr(field)
      depth--
      if (peek()?.t !== ')') fail('a closing parenthesis was expected')
      pos++
      return inner
    }
    if ((tok.t === '[' || tok.t === '{') && field) return range(field)
    if (tok.t === 'phrase') {
      pos++
      return { kind: 'term', ...(field ? { field } : {}), value: tok.v, phrase: true }
    }
    if (tok.t !== 'word' || isOp(tok, 'AND', 'OR', 'NOT', '&&', '||', '!', 'TO')) return fail(`unexpected '${tok.v}'`)
    pos++
    if (tok.v === '*') return field ? { kind: 'exists', field } : { kind: 'all' }
    return { kind: 'term', ...(field ? { field } : {}), value: tok.v, phrase: false }
  }

  function primary(field?: string): LuceneQuery {
    const tok = peek()
    const next = tokens[pos + 1]
    if (tok?.t === 'word' && next?.t === ':' && !isOp(tok, 'AND', 'OR', 'NOT', '&&', '||', '!')) {
      pos += 2
      if (tok.v === '*') {
        const inner = value(undefined)
        return inner.kind === 'all' ? inner : fail('only *:* may use the * field')
      }
      return value(tok.v)
    }
    if (tok?.t === ':') return fail('a field name was expected before :')
    return value(field)
  }

  if (tokens.length === 0) fail('an empty query')
  const query = orExpr()
  if (pos < tokens.length) fail(`unexpected '${tokens[pos]!.v}'`)
  return query
}
