// The fuzz cases of one operation: bad credentials, hostile ids, bad query values, broken bodies, wrong content
// types, wrong methods, oversized input. Each case says whether the service must refuse it (a 4xx); every case
// must leave the service up, answer below 500 and, when it fails, in the vendor's error shape.
import type { RawRequest } from './raw-http.ts'
import type { Operation, Parameter } from './openapi.ts'
import { bodyViolations, isStrictObject, sample, typeOf, wrongTypes } from './schema-values.ts'
import { SCALE, type SeededRandom } from './random.ts'

export interface AuthProfile {
  kind: string
  /** Headers that authenticate as the fuzz org. */
  valid: Record<string, string>
  /** Named header sets that must be refused with 401/403. */
  invalid: Record<string, Record<string, string>>
}

export interface FuzzContext {
  /** Undefined for a public route. */
  auth(op: Operation): AuthProfile | undefined
  /** An id of a real resource of the fuzz org for this path parameter, if there is one. */
  realId(op: Operation, param: string): string | undefined
  random: SeededRandom
  bodyLimit: number
}

export interface FuzzCase {
  op: Operation
  kind: 'auth' | 'path' | 'query' | 'body' | 'content-type' | 'method' | 'header' | 'random'
  label: string
  request: RawRequest
  /** The input breaks the route's published contract: anything but a 4xx is a defect. */
  mustReject: boolean
}

export const UNKNOWN_ID = 'fuzz-unknown-0000'

/** Path segments as sent on the wire (already encoded where needed). */
export const HOSTILE_SEGMENTS: Record<string, string> = {
  'path traversal (encoded)': '..%2F..%2F..%2Fetc%2Fpasswd',
  'dot-dot encoded': '%2e%2e',
  'backslash traversal': '..%5C..%5Cwindows',
  emoji: encodeURIComponent('😀🔥'),
  'right-to-left override': encodeURIComponent('\u202Eabc'),
  'combining marks': encodeURIComponent('e\u0301\u0301\u0301'),
  'NUL byte': 'a%00b',
  'CRLF injection': 'a%0D%0ASet-Cookie:%20x=1',
  'bad percent encoding': '%ZZ',
  'overlong UTF-8': '%C0%AF',
  'lone surrogate encoded': '%ED%A0%80',
  'SQL quote': encodeURIComponent("' OR '1'='1"),
  // eslint-disable-next-line no-template-curly-in-string -- a Log4Shell-style probe, sent literally
  template: encodeURIComponent('${jndi:ldap://x}{{7*7}}'),
  __proto__: '__proto__',
  constructor: 'constructor',
  'very long id': 'i'.repeat(5000),
  spaces: '%20%20',
}

const INVALID_JSON: Record<string, string> = {
  'truncated object': '{"a":',
  'single quotes': "{'a': 1}",
  'trailing comma': '{"a": 1,}',
  'NaN literal': '{"a": NaN}',
  'two documents': '{"a":1}{"b":2}',
  'bare word': 'undefined',
  'unterminated string': '{"a": "abc',
  'deep nesting (open)': '['.repeat(20_000),
  'control characters': '{"a": "\u0001\u0002"',
}

function encodeValue(value: string): string {
  return encodeURIComponent(value)
}

function buildPath(op: Operation, segment: (p: Parameter) => string): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = op.parameters.find((x) => x.in === 'path' && x.name === name) ?? { name, in: 'path' as const, required: true, schema: {} }
    return segment(p)
  })
}

function queryString(pairs: Array<[string, string]>): string {
  return pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const UNICODE_NOISE = 'aZ9-_.~ü中😀\u0000\u200b/\\%'
// A trailing ",]" keeps any noise from closing into valid JSON.
const JSON_NOISE = '{}[]":,\\ -09aeflnrstu\u0000\u00ff😀'
const LATIN1_NOISE = 'abcXYZ019+/=.-_ \t!#$%&\'*~\u00a0\u00ff'

/** `count` random cases: hostile ids, broken bodies, garbage credentials, odd query values, as the route allows. */
function randomCases(op: Operation, ctx: FuzzContext, auth: AuthProfile | undefined, count: number,
  path: (segment: (p: Parameter) => string) => string, requiredQuery: (skip?: string) => Array<[string, string]>): FuzzCase[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')
  const valid = auth?.valid ?? {}
  const known = (p: Parameter) => encodeValue(ctx.realId(op, p.name) ?? UNKNOWN_ID)
  const generators: Array<() => Omit<FuzzCase, 'op' | 'kind'>> = []
  if (pathParams.length) {
    generators.push(() => {
      const target = ctx.random.pick(pathParams)
      const segment = encodeValue(ctx.random.string(ctx.random.int(1, 60), UNICODE_NOISE))
      return { label: `random ${target.name}`, mustReject: ctx.realId(op, target.name) !== undefined && !op.notImplemented, request: { method: op.method, path: path((p) => (p === target ? segment : known(p))) + queryString(requiredQuery()), headers: valid } }
    })
  }
  if (BODY_METHODS.has(op.method)) {
    generators.push(() => ({
      label: 'random JSON-ish bytes', mustReject: !op.notImplemented,
      request: { method: op.method, path: path(known) + queryString(requiredQuery()), headers: { ...valid, 'content-type': 'application/json' }, body: `{"fuzz": ${ctx.random.string(ctx.random.int(1, 400), JSON_NOISE)},]` },
    }))
  }
  if (auth) {
    generators.push(() => ({
      label: 'random credentials', mustReject: !op.notImplemented,
      request: { method: op.method, path: path(known) + queryString(requiredQuery()), headers: { [ctx.random.pick(['authorization', 'jwttoken'])]: `${ctx.random.pick(['Bearer ', 'Basic ', ''])}${ctx.random.string(ctx.random.int(1, 300), LATIN1_NOISE)}`.trim() || 'x' } },
    }))
  }
  if (queryParams.length && op.method === 'GET') {
    generators.push(() => {
      const target = ctx.random.pick(queryParams)
      return { label: `random ${target.name}`, mustReject: false, request: { method: op.method, path: path(() => UNKNOWN_ID) + queryString([...requiredQuery(target.name), [target.name, encodeValue(ctx.random.string(ctx.random.int(0, 200), UNICODE_NOISE))]]), headers: valid } }
    })
  }
  if (!generators.length && op.method === 'GET') {
    generators.push(() => ({
      label: 'random unknown query parameter', mustReject: false,
      request: { method: op.method, path: `${path(known)}?${encodeValue(ctx.random.string(8, 'abcdef'))}=${encodeValue(ctx.random.string(ctx.random.int(0, 200), UNICODE_NOISE))}`, headers: valid },
    }))
  }
  if (!generators.length) return []
  return Array.from({ length: count }, () => ({ op, kind: 'random' as const, ...ctx.random.pick(generators)() }))
}

export function casesFor(op: Operation, ctx: FuzzContext): FuzzCase[] {
  const auth = ctx.auth(op)
  const authHeaders = auth?.valid ?? {}
  const realOrUnknown = (p: Parameter) => encodeValue(ctx.realId(op, p.name) ?? UNKNOWN_ID)
  const unknown = () => UNKNOWN_ID
  const requiredQuery = (skip?: string): Array<[string, string]> => op.parameters
    .filter((p) => p.in === 'query' && p.required && p.name !== skip)
    .map((p) => [p.name, encodeValue(String(sample(p.schema)))])
  const hasBody = BODY_METHODS.has(op.method)
  const sampleBody = op.body ? JSON.stringify(sample(op.body)) : undefined
  const jsonHeaders = { 'content-type': 'application/json' }
  // A refused input must be refused; a route that is not implemented refuses everything with 501.
  const reject = !op.notImplemented

  const out: FuzzCase[] = []
  const add = (kind: FuzzCase['kind'], label: string, request: Partial<RawRequest>, mustReject: boolean) => {
    out.push({
      op, kind, label, mustReject: mustReject && reject,
      request: { method: op.method, path: request.path ?? buildPath(op, realOrUnknown) + queryString(requiredQuery()), headers: request.headers ?? {}, body: request.body },
    })
  }
  const withBody = (headers: Record<string, string>) => (sampleBody !== undefined && hasBody
    ? { headers: { ...jsonHeaders, ...headers }, body: sampleBody } : { headers })

  // Credentials: the real target and a valid body, so only the credentials are wrong.
  if (auth) for (const [label, headers] of Object.entries(auth.invalid)) add('auth', `${auth.kind}: ${label}`, withBody(headers), true)

  // Hostile ids in every path parameter (the other ids real): never a match for a stored resource, never a 500.
  // (A parameter that names no stored resource, like a module's action id, is the module's to judge.)
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const real = ctx.realId(op, p.name)
    const segments: Record<string, string> = { ...HOSTILE_SEGMENTS }
    if (real) {
      segments['real id + trailing space'] = `${encodeValue(real)}%20`
      segments['real id + NUL'] = `${encodeValue(real)}%00`
      segments['real id + encoded slash'] = `${encodeValue(real)}%2F..`
      segments['traversal to real id'] = `..%2F${encodeValue(real)}`
    }
    segments['random unicode'] = encodeValue(ctx.random.string(ctx.random.int(1, 40), UNICODE_NOISE))
    for (const [label, segment] of Object.entries(segments)) {
      const path = buildPath(op, (x) => (x.name === p.name ? segment : realOrUnknown(x))) + queryString(requiredQuery())
      add('path', `${p.name}: ${label}`, { path, ...withBody(authHeaders) }, real !== undefined)
    }
  }

  // Query values: type violations are refused with the real target; hostile strings go to an unknown target.
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    const type = typeOf(p.schema)
    const violations = wrongTypes(p.schema).filter((v) => (typeof v.value !== 'object' && type !== 'string') || v.label.startsWith('longer') || v.label === 'not one of the choices')
    for (const v of violations) {
      add('query', `${p.name}: ${v.label}`, { path: buildPath(op, realOrUnknown) + queryString([...requiredQuery(p.name), [p.name, encodeValue(String(v.value))]]), ...withBody(authHeaders) }, true)
    }
    const hostile: Record<string, [string, boolean]> = {
      'bad percent encoding': ['%ZZ', false],
      'NUL byte': ['a%00b', true],
      emoji: [encodeValue('😀'), false],
      'huge value': ['q'.repeat(8000), false],
      'repeated parameter': [`1&${p.name}=2&${p.name}=3`, false],
      'bracket syntax': [`x&${p.name}[a][b]=c`, false],
    }
    for (const [label, [value, mustReject]] of Object.entries(hostile)) {
      add('query', `${p.name}: ${label}`, { path: buildPath(op, unknown) + queryString([...requiredQuery(p.name), [p.name, value]]), ...withBody(authHeaders) }, mustReject)
    }
    if (p.required) add('query', `${p.name}: missing`, { path: buildPath(op, realOrUnknown) + queryString(requiredQuery(p.name)), ...withBody(authHeaders) }, true)
  }

  if (hasBody) {
    // Parse failures are refused before any route code runs, so the real target is safe to use.
    const headers = { ...authHeaders, ...jsonHeaders }
    for (const [label, body] of Object.entries(INVALID_JSON)) add('body', `invalid JSON: ${label}`, { headers, body }, true)
    add('body', `body over the limit (${ctx.bodyLimit} bytes)`, { headers, body: JSON.stringify({ a: 'x'.repeat(ctx.bodyLimit + 1024) }) }, true)
    add('body', 'prototype pollution (__proto__)', { headers, body: '{"__proto__": {"polluted": true}}' }, true)
    add('body', 'prototype pollution (constructor)', { headers, body: '{"constructor": {"prototype": {"polluted": true}}}' }, true)
    add('content-type', 'application/xml', { headers: { ...authHeaders, 'content-type': 'application/xml' }, body: '<a>1</a>' }, true)
    add('content-type', 'multipart without boundary', { headers: { ...authHeaders, 'content-type': 'multipart/form-data' }, body: '--x\r\n\r\n' }, true)
    add('content-type', 'octet-stream', { headers: { ...authHeaders, 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 255, 1, 254]) }, true)
    add('content-type', 'JSON declared as UTF-16', { headers: { ...authHeaders, 'content-type': 'application/json; charset=utf-16' }, body: Buffer.from(sampleBody ?? '{}', 'utf16le') }, true)
    add('content-type', 'garbage media type', { headers: { ...authHeaders, 'content-type': '}}}/{{{' }, body: '{}' }, true)

    if (op.body) {
      const bodyType = typeOf(op.body)
      for (const v of bodyViolations(op.body)) add('body', v.label, { headers, body: JSON.stringify(v.value) }, true)
      if (bodyType) {
        for (const [label, value] of Object.entries({ null: null, 'a string': 'fuzz', 'a number': 7, 'a boolean': true, 'an array': [1], 'an object': { a: 1 } })) {
          const typeOfValue: string = typeof value
          const matches = (bodyType === 'array' && Array.isArray(value)) || (bodyType === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value))
            || bodyType === typeOfValue
          if (!matches && !(bodyType === 'string' && value !== null && typeof value !== 'object')) add('body', `top level is ${label}`, { headers, body: JSON.stringify(value) }, true)
        }
        if (bodyType !== 'array') add('body', 'deeply nested array', { headers, body: `${'['.repeat(5_000)}${']'.repeat(5_000)}` }, true)
      }
      // A body the parser turns into a string or a loose object must be refused by a schema that demands structure.
      if (bodyType === 'object' || bodyType === 'array') {
        add('content-type', 'text/plain', { headers: { ...authHeaders, 'content-type': 'text/plain' }, body: sampleBody }, true)
      }
      if (isStrictObject(op.body)) {
        add('content-type', 'form-urlencoded garbage', { headers: { ...authHeaders, 'content-type': 'application/x-www-form-urlencoded' }, body: 'fuzz%=%%&&=&a[b]=c' }, true)
        add('content-type', 'no content type', { headers: authHeaders, body: 'fuzz' }, true)
      }
    }
    add('random', 'random JSON-ish bytes', { headers, body: `{"fuzz": ${ctx.random.string(ctx.random.int(1, 400), JSON_NOISE)},]` }, true)
  }

  // Methods the path does not answer (once per path).
  for (const method of op.method === op.pathMethods[0] ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : []) {
    if (op.pathMethods.includes(method)) continue
    out.push({ op, kind: 'method', label: `${method} not routed`, mustReject: true, request: { method, path: buildPath(op, realOrUnknown), headers: authHeaders } })
  }

  // RELIABILITY_SCALE > 1: more seeded random cases, drawn from the generators that apply to this route.
  out.push(...randomCases(op, ctx, auth, 50 * (SCALE - 1), (p) => buildPath(op, p), requiredQuery))

  // Headers: one oversized (refused before routing) and, on reads, a forged request id.
  add('header', 'oversized header', { headers: { ...authHeaders, 'x-fuzz': 'h'.repeat(32_000) } }, true)
  if (op.method === 'GET') add('header', 'hostile request id', { headers: { ...authHeaders, 'x-request-id': '../../' + 'r'.repeat(500) } }, false)
  return out
}
