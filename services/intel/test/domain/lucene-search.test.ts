// The `query` parameter's Lucene subset, evaluated against a small set of judgements: each query string with the
// ids it must select (or the 400 it must give).
import t from 'tap'
import { matcher } from '../../src/domain/search.ts'
import { CtiaError } from '../../src/domain/errors.ts'

const docs = [
  { id: 'j1', observable: { type: 'ip', value: '198.51.100.7' }, disposition: 2, disposition_name: 'Malicious', priority: 95, source: 'Talos Intelligence', reason: 'Known command and control server', severity: 'High', tlp: 'amber', timestamp: '2026-03-01T10:00:00.000Z', external_ids: ['ctia-j1'] },
  { id: 'j2', observable: { type: 'domain', value: 'evil.example.com' }, disposition: 3, disposition_name: 'Suspicious', priority: 90, source: 'Umbrella', reason: 'Newly seen domain', severity: 'Medium', tlp: 'green', timestamp: '2026-03-02T10:00:00.000Z', external_ids: [] },
  { id: 'j3', observable: { type: 'sha256', value: 'ab'.repeat(32) }, disposition: 1, disposition_name: 'Clean', priority: 100, source: 'analyst', reason: 'Signed installer of our vendor', severity: 'None', tlp: 'white', timestamp: '2026-03-03T10:00:00.000Z' },
  { id: 'j4', observable: { type: 'ip', value: '203.0.113.9' }, disposition: 5, disposition_name: 'Unknown', priority: 10, source: 'Talos Intelligence', reason: 'No information', severity: 'Low', tlp: 'green', timestamp: '2026-03-04T10:00:00.000Z' },
  { id: 'j5', observable: { type: 'email', value: 'noreply@cisco.com' }, disposition: 4, disposition_name: 'Common', priority: 50, source: 'ESA', reason: 'Mail: "Invoice Due" campaign', severity: 'Medium', tlp: 'red', timestamp: '2026-03-05T10:00:00.000Z' },
]

const TABLE: [string, string[] | 'error'][] = [
  ['*', ['j1', 'j2', 'j3', 'j4', 'j5']],
  ['*:*', ['j1', 'j2', 'j3', 'j4', 'j5']],
  ['disposition:2', ['j1']],
  ['disposition_name:Malicious', ['j1']],
  ['disposition_name:malicious', ['j1']],
  ['observable.type:ip', ['j1', 'j4']],
  ['observable.value:"198.51.100.7"', ['j1']],
  ['observable.value:198.51.100.7', ['j1']],
  ['source:"Talos Intelligence"', ['j1', 'j4']],
  ['source:Talos', []],
  ['reason:command', ['j1']],
  ['reason:"command and control"', ['j1']],
  ['reason:"control and command"', []],
  ['observable.type:ip AND priority:95', ['j1']],
  ['observable.type:ip && severity:Low', ['j4']],
  ['disposition:1 OR disposition:3', ['j2', 'j3']],
  ['disposition:1 || disposition:3', ['j2', 'j3']],
  ['observable.type:ip NOT disposition:2', ['j4']],
  ['NOT observable.type:ip', ['j2', 'j3', 'j5']],
  ['!observable.type:ip', ['j2', 'j3', 'j5']],
  ['-observable.type:ip', ['j2', 'j3', 'j5']],
  ['(disposition:1 OR disposition:2) AND tlp:white', ['j3']],
  ['tlp:(amber OR red)', ['j1', 'j5']],
  ['observable.value:evil*', ['j2']],
  ['observable.value:*.example.com', ['j2']],
  ['observable.value:203.0.113.?', ['j4']],
  ['reason:sign*', ['j3']],
  ['observable.type:ip severity:High', ['j1']],
  ['priority:[90 TO 100]', ['j1', 'j2', 'j3']],
  ['priority:{90 TO 100]', ['j1', 'j3']],
  ['priority:[* TO 50]', ['j4', 'j5']],
  ['timestamp:[2026-03-03T00:00:00.000Z TO *]', ['j3', 'j4', 'j5']],
  ['external_ids:*', ['j1']],
  ['external_ids:ctia-j1', ['j1']],
  ['Talos', ['j1', 'j4']],
  ['"Invoice Due"', ['j5']],
  ['noreply@cisco.com', ['j5']],
  ['observable.value:nothing-like-this', []],
  ['((disposition:2))', ['j1']],
  ['disposition:2 AND', 'error'],
  ['(disposition:2', 'error'],
  ['disposition:2)', 'error'],
  ['reason:"unterminated', 'error'],
  [':value', 'error'],
  ['OR disposition:2', 'error'],
  ['priority:[1 50]', 'error'],
  ['('.repeat(5000) + 'x' + ')'.repeat(5000), 'error'],
  ['-'.repeat(5000) + 'x', 'error'],
  ['observable.value:' + '*a'.repeat(200) + 'b', []],
]

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
