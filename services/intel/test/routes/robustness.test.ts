// Malformed input on every operation of the Swagger gets a CTIA-shaped 4xx, never a 500: wrong types in every query
// parameter, unknown ids, bodies of the wrong shape, and bodies that are not JSON.
import t from 'tap'
import { buildTestApp, newOrg } from '../helper.ts'
import { ctiaOperations } from '../support/exercise.ts'

const WRONG: Record<string, string> = { integer: 'many', boolean: 'maybe', string: '((', array: ')' }
const BODIES: unknown[] = [[], 'text', { a: { b: null } }, { judgements: [null, 7, { id: 'transient:' }] }, { operation: 'add', observables: 'x', ids: [1] }]

t.test('no malformed request to any CTIA operation answers 5xx', async (t) => {
  const intel = await buildTestApp(t)
  const headers = intel.auth(newOrg())
  let calls = 0
  const statuses = new Map<number, number>()
  for (const entry of ctiaOperations()) {
    const path = entry.path.replace(/\{[^}]+\}/g, (name) => (name === '{observable_type}' ? 'ip' : 'judgement-00000000-0000-0000-0000-000000000000'))
    const query = new URLSearchParams()
    for (const p of entry.operation.parameters ?? []) if (p.in === 'query') query.append(p.name, WRONG[p.type ?? 'string'] ?? 'x')
    const attempts: { url: string; payload?: string; contentType?: string }[] = [
      { url: `${path}?${query}` },
      ...BODIES.map((body) => ({ url: path, payload: JSON.stringify(body), contentType: 'application/json' })),
      { url: path, payload: '{"unterminated', contentType: 'application/json' },
      { url: path, payload: 'a=b', contentType: 'application/x-www-form-urlencoded' },
      { url: `${path}%zz` },
    ]
    for (const attempt of attempts) {
      const res = await intel.app.inject({
        method: entry.method as 'GET', url: attempt.url,
        headers: { ...headers, ...(attempt.contentType ? { 'content-type': attempt.contentType } : {}) },
        ...(attempt.payload !== undefined && entry.method !== 'GET' ? { payload: attempt.payload } : {}),
      })
      calls++
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      if (res.statusCode >= 500) t.fail(`${entry.method} ${attempt.url} ${attempt.payload ?? ''} → ${res.statusCode} ${res.body.slice(0, 200)}`)
      else if (res.statusCode >= 400 && !/^application\/json/.test(String(res.headers['content-type']))) t.fail(`${entry.method} ${attempt.url} → ${res.statusCode} without a JSON body`)
    }
  }
  t.comment(`statuses: ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(' ')}`)
  t.ok(calls > 1500, `${calls} malformed requests, none answered 5xx`)
})
