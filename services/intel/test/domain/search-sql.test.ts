// The database search answers the query table exactly as the in-memory matcher does, and sorts, pages and windows
// the same way: the documents stored as rows, each query run as SQL.
import t, { type Test } from 'tap'
import { createTestDatabase } from '@ctrmock/kit/testing'
import { createIntelStore } from '../../src/store/index.ts'
import { indexOf } from '../../src/domain/entities.ts'
import { matcher, pageOf, searchDocuments, searchFilter, selectionOf, type SearchParams } from '../../src/domain/search.ts'
import { indexUnsearchable } from '../../src/domain/entity-search.ts'
import type { IntelContext } from '../../src/domain/context.ts'
import { docs, TABLE } from '../support/lucene-table.ts'

const ORG = 'org-sql'
const NOW = '2026-03-10T00:00:00.000Z'

async function storeWith(t: Test, documents: Record<string, unknown>[]) {
  const { prisma } = await createTestDatabase(t)
  const store = createIntelStore(prisma)
  const row = (orgId: string, doc: Record<string, unknown>) => ({ record: { key: `${orgId}/${String(doc.id)}`, orgId, type: 'judgement', document: doc }, index: indexOf(doc, NOW) })
  await store.entities.insertMany([...documents.map((doc) => row(ORG, doc)), row('org-other', docs[0]!)])
  return store
}

const ids = (records: { document: Record<string, unknown> }[]) => records.map((r) => String(r.document.id)).sort()

t.test('every query of the table selects in SQL what it selects in memory', async (t) => {
  const store = await storeWith(t, docs)
  for (const [query, expected] of TABLE) {
    if (expected === 'error') continue
    const selected = await store.entities.select(ORG, 'judgement', selectionOf({ query }).filter)
    t.same(ids(selected), [...expected].sort(), query)
    t.equal(await store.entities.count(ORG, 'judgement', selectionOf({ query }).filter), expected.length, `${query} (count)`)
  }
})

const MORE = [
  { id: 'k1', title: 'Ünïcode Straße report', priority: 5, score: 1.5, tags: ['Alpha', 'beta'], timestamp: '2026-03-01T10:00:00.000Z', nested: [{ name: 'Deep Thing' }] },
  { id: 'k2', title: 'report: quarterly', priority: 40, score: 10, tags: [], timestamp: '2026-03-02T10:00:00+02:00', nested: [] },
  { id: 'k3', title: 'no timestamp here', priority: 'high', tags: ['ALPHA'], nested: [{ name: null }], extra: null },
  { id: 'k4', title: 'Report', score: -2, timestamp: 'not a date', tags: ['gamma'], nested: [{ name: 'thing' }] },
  { id: 'k5', title: 'quote " back \\ slash [re] (gex) .* $^ 🙂 ok', tags: ['a"b', 'c\\d', 'ab', 'a\u0001b'], name: 'ab' },
]

/** Values no row can hold or that mean something to SQL, JSON paths or regular expressions. */
const AWKWARD: SearchParams[] = [
  { query: 'tags:"a\\"b"' }, { query: 'tags:c\\\\d' }, { query: 'title:🙂' }, { query: 'title:"[re] (gex)"' }, { query: 'title:\\(gex\\)' },
  { query: 'tags:a*b' }, { query: 'tags:a?b' }, { query: 'title:.*' }, { query: 'title:$^*' }, { query: 'tags:a\u0000b' },
  { query: 'tags:a\u0000*' }, { query: 'ta\u0000gs:*' }, { query: 'tags:\ud800' }, { query: 'tags:[a TO a\u0000z]' },
  { query: 'tags:[a\u0000 TO z]' }, { query: 'name:[ab TO ab]' }, { query: "tags:'ab'" }, { query: 'title:"ok"' },
  { filters: { 'ta"gs': 'x' } }, { filters: { tags: 'A\u0001B' } },
]

t.test('field semantics agree on unicode, arrays, nulls, nesting, numbers and windows', async (t) => {
  const store = await storeWith(t, MORE)
  const cases: SearchParams[] = [
    { query: 'title:straße' }, { query: 'title:ÜNÏCODE' }, { query: 'title:"straße report"' }, { query: 'title:report' },
    { query: 'tags:alpha' }, { query: 'tags:*' }, { query: 'nested.name:thing' }, { query: 'nested.name:*' },
    { query: 'nested:*' }, { query: 'extra:*' }, { query: 'priority:[1 TO 50]' }, { query: 'priority:[a TO z]' },
    { query: 'score:[-5 TO 2]' }, { query: 'score:{1.5 TO *]' }, { query: 'title:rep*' }, { query: 'title:*port' },
    { query: 'title:report\\:*' }, { query: 'title:"report: quarterly"' }, { query: 'deep' }, { query: '1.5' },
    { query: 'NOT tags:alpha' }, { from: '2026-03-01T00:00:00.000Z' }, { to: '2026-03-02T09:00:00.000Z' },
    { filters: { title: 'REPORT' } }, { filters: { 'nested.name': 'thing' } }, { query: 'timestamp:[2026-03-01T12:00:00.000Z TO *]' },
    ...AWKWARD,
  ]
  for (const params of cases) {
    const expected = MORE.filter(matcher(params)).map((d) => d.id).sort()
    t.same(ids(await store.entities.select(ORG, 'judgement', selectionOf(params).filter)), expected, JSON.stringify(params))
  }
})

t.test('a window on any date field selects in SQL what it selects in memory', async (t) => {
  const dated = [
    { id: 'd1', created: '2026-03-01T10:00:00.000Z', seen: { at: ['2026-02-01T00:00:00.000Z', 'not a date'] } },
    { id: 'd2', created: '2026-03-02T10:00:00.000999Z', seen: [{ at: '2026-02-03T01:00:00+02:00' }, { at: null }] },
    { id: 'd3', created: '2026-03-02T10:00Z', seen: { at: 17 } },
    { id: 'd4', seen: { at: '2026-02-02T23:59:59.999-00:30' } },
  ]
  const store = await storeWith(t, dated)
  const cases: [string, SearchParams][] = [
    ['created', { from: '2026-03-02T10:00:00.000Z' }], ['created', { to: '2026-03-02T10:00:00.000Z' }],
    ['created', { from: '2026-03-01T10:00:00.000Z', to: '2026-03-02T10:00:00.001Z' }], ['seen.at', { from: '2026-02-02T00:00:00.000Z' }],
    ['seen.at', { to: '2026-02-02T23:00:00.000Z' }], ['seen.at', { from: '2026-02-03T00:30:00.000Z', to: '2026-02-03T00:30:00.001Z' }],
    ['se"en.at', { from: '2026-01-01T00:00:00.000Z' }], ['seen.at\u0000', { from: '2026-01-01T00:00:00.000Z' }],
  ]
  for (const [field, params] of cases) {
    const expected = dated.filter(matcher(params, field)).map((d) => d.id).sort()
    t.same(ids(await store.entities.select(ORG, 'judgement', searchFilter(params, field))), expected, `${JSON.stringify(field)} ${JSON.stringify(params)}`)
  }
})

t.test('sorting, offsets and search_after give the in-memory pages', async (t) => {
  const store = await storeWith(t, [...docs, ...MORE])
  const all = [...docs, ...MORE] as Record<string, unknown>[]
  const cases: SearchParams[] = [
    {}, { sort_by: 'priority', sort_order: 'desc' }, { sort_by: 'priority:asc,timestamp:desc' }, { sort_by: 'score' },
    { sort_by: 'observable.value', limit: 3, offset: 2 }, { sort_by: 'tags:desc' }, { sort_by: 'timestamp', sort_order: 'asc', limit: 2 },
    { sort_by: 'priority:desc', limit: 2, search_after: ['90', 'j2'] }, { sort_by: 'score', search_after: ['1.5'] },
    { sort_by: 'title', search_after: ['report'], limit: 2 }, { sort_by: 'priority', search_after: ['high', 'k3'] },
    { limit: 0 }, { offset: 100 }, { query: 'observable.type:ip', sort_by: 'priority', limit: 1, offset: 1 },
    { sort_by: 'title', search_after: ['report\u0000'] }, { sort_by: 'ti\u0000tle,id' }, { sort_by: 'name:desc', search_after: ['ab\u0000', 'k'] },
    { sort_by: 'timestamp', sort_order: 'asc', search_after: [String(Date.parse('2026-03-01T10:00:00.000Z'))] },
    { sort_by: 'timestamp:desc,id', search_after: [String(Date.parse('2026-03-02T08:00:00.000Z')), 'k1'] },
    { sort_by: 'timestamp', search_after: ['2026-03-01T10:00:00.000Z'] },
    { sort_by: 'priority', offset: 2, limit: 2, search_after: ['10'] }, { sort_by: 'id:desc', search_after: ['k2'] },
    { offset: 3, limit: 2 },
  ]
  for (const params of cases) {
    const memory = searchDocuments(all, params)
    const { records, total } = await store.entities.search(ORG, 'judgement', selectionOf(params))
    t.same(records.map((r) => r.document.id), memory.hits.map((d) => d.id), `${JSON.stringify(params)} (page)`)
    t.equal(total, memory.total, `${JSON.stringify(params)} (total)`)
    const { next, previous, sort } = pageOf(records.map((r) => r.document), total, params)
    t.same({ next, previous, sort }, { next: memory.next, previous: memory.previous, sort: memory.sort }, `${JSON.stringify(params)} (paging)`)
  }
})

t.test('rows stored before the searchable columns existed are filled in, then found', async (t) => {
  const { prisma } = await createTestDatabase(t)
  const store = createIntelStore(prisma)
  const doc = docs[0]!
  await prisma.intelEntity.create({
    data: { id: 'old', orgId: ORG, type: 'judgement', document: doc, externalIds: [], observables: [], timestamp: new Date(NOW), createdAt: new Date(NOW), modifiedAt: new Date(NOW) },
  })
  const filter = selectionOf({ query: 'observable.value:"198.51.100.7"' }).filter
  t.equal(await store.entities.count(ORG, 'judgement', filter), 0, 'not searchable yet')
  t.equal(await indexUnsearchable({ store } as unknown as IntelContext, 1), 1)
  t.equal(await store.entities.count(ORG, 'judgement', filter), 1)
  t.equal(await indexUnsearchable({ store } as unknown as IntelContext), 0, 'nothing left to fill')
})
