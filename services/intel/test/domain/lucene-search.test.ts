// The `query` parameter's Lucene subset, evaluated against a small set of judgements: each query string with the
// ids it must select (or the 400 it must give).
import t from 'tap'
import { matcher } from '../../src/domain/search.ts'
import { CtiaError } from '../../src/domain/errors.ts'
import { docs, TABLE } from '../support/lucene-table.ts'

t.test('each query string selects the documents it names; malformed ones are CTIA 400s', async (t) => {
  t.ok(TABLE.length >= 30)
  for (const [query, expected] of TABLE) {
    if (expected === 'error') {
      try {
        matcher({ query })
        t.fail(`${query} should not parse`)
      } catch (error) {
        t.ok(error instanceof CtiaError && error.status === 400 && error.body.type === 'ES query parsing error', `${query} → 400`)
      }
      continue
    }
    t.same(docs.filter(matcher({ query })).map((d) => d.id), expected, query)
  }
})
