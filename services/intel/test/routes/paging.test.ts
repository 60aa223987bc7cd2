// Paging a search as a client does with CTIA: following X-Next until it is gone, with offsets or with search_after,
// and the X-Previous, X-Sort and X-Total-Hits that ductile's pagination/response and CTIA's paginated-ok give.
import t, { type Test } from 'tap'
import { buildTestApp, create, judgement, newOrg, shortId, T0, type TestIntel } from '../helper.ts'

type Hit = { id: string; priority: number; timestamp: string }

/** Nine judgements: priorities with ties, timestamps with ties, all created at the frozen instant. */
async function seeded(t: Test) {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const made: Hit[] = []
  for (let i = 0; i < 9; i++) {
    made.push(await create(intel, org, 'judgement', judgement({ priority: 10 + (i % 4), timestamp: `2026-03-0${1 + (i % 3)}T10:00:00.000Z` })) as Hit)
  }
  return { intel, org, made, headers: intel.auth(org) }
}

/** Every page from `first`, appending each X-Next to `base` as CTIA's README says; the hits and each page's headers. */
async function follow(intel: TestIntel, headers: Record<string, string>, base: string, first: string) {
  const hits: Hit[] = []
  const pages: Record<string, string | undefined>[] = []
  let next: string | undefined = first
  while (next !== undefined && pages.length < 20) {
    const res = await intel.app.inject({ method: 'GET', url: `${base}&${next}`, headers })
    if (res.statusCode !== 200) throw new Error(`page ${next}: ${res.statusCode} ${res.body}`)
    hits.push(...(res.json() as Hit[]))
    const h = res.headers as Record<string, string | undefined>
    pages.push({ next: h['x-next'], previous: h['x-previous'], sort: h['x-sort'], total: h['x-total-hits'] })
    next = h['x-next']
  }
  return { hits, pages }
}

const ids = (hits: Hit[]) => hits.map((hit) => hit.id)

t.test('following X-Next from the first page visits every hit once, in order, ties in the default sort included', async (t) => {
  const { intel, made, headers } = await seeded(t)
  const base = '/ctia/judgement/search?query=*'
  const all = (await intel.app.inject({ method: 'GET', url: `${base}&limit=10000`, headers })).json() as Hit[]
  t.equal(all.length, 9)
  t.same(all.map((hit) => hit.timestamp), made.map((hit) => hit.timestamp).sort(), 'by default oldest first, as CTIA\'s default-sort')
  const { hits, pages } = await follow(intel, headers, base, 'limit=2')
  t.same(ids(hits), ids(all), 'the same hits in the same order, none twice')
  t.equal(pages.length, 5, 'four full pages and the last')
  t.ok(pages.every((page) => page.total === '9'), 'X-Total-Hits counts every match on every page')
  t.notOk(pages.at(-1)!.next, 'the last page has no X-Next')
  const second = all[1]!
  const sort = [Date.parse(second.timestamp), Date.parse(T0), shortId(second.id)]
  t.same(JSON.parse(pages[0]!.sort!), sort, 'X-Sort: timestamp and created in epoch milliseconds, then the short id')
  t.equal(pages[0]!.next, `limit=2&offset=2&${new URLSearchParams(sort.map((v) => ['search_after', String(v)]))}`,
    'X-Next: the next offset and the last hit\'s sort values as search_after')
})

t.test('following X-Next from a search_after cursor visits every hit after it once, in order', async (t) => {
  const { intel, headers } = await seeded(t)
  const base = '/ctia/judgement/search?query=*&sort_by=priority:desc,id'
  const all = (await intel.app.inject({ method: 'GET', url: `${base}&limit=10000`, headers })).json() as Hit[]
  const start = all[2]!
  const cursor = new URLSearchParams([['search_after', String(start.priority)], ['search_after', shortId(start.id)]])
  const { hits, pages } = await follow(intel, headers, base, `limit=3&${cursor}`)
  t.same(ids(hits), ids(all.slice(3)), 'the hits after the cursor, none twice')
  t.same(pages.map((page) => page.next?.replace(/&search_after=.*/, '')), ['limit=3&offset=3', 'limit=3&offset=3', undefined],
    'a cursor page reads from 0, so its X-Next offset is the limit')
  t.ok(pages.every((page) => page.previous === undefined), 'no cursor page has an X-Previous')
  t.same(pages.at(-1)!.sort, undefined, 'the empty page after a full last one has no X-Sort')
  const last = all.at(-1)!
  t.equal(pages[1]!.next, `limit=3&offset=3&search_after=${last.priority}&search_after=${shortId(last.id)}`,
    'a full last page still points further, as it cannot know nothing follows')
})

t.test('search_after places the page alone: an offset beside it is ignored', async (t) => {
  const { intel, headers } = await seeded(t)
  const base = '/ctia/judgement/search?query=*&sort_by=priority,id&limit=2'
  const first = await intel.app.inject({ method: 'GET', url: base, headers })
  const cursor = new URLSearchParams((JSON.parse(String(first.headers['x-sort'])) as unknown[]).map((v) => ['search_after', String(v)]))
  const plain = await intel.app.inject({ method: 'GET', url: `${base}&${cursor}`, headers })
  const offset = await intel.app.inject({ method: 'GET', url: `${base}&offset=1&${cursor}`, headers })
  t.same(ids(offset.json()), ids(plain.json()))
  t.equal(offset.headers['x-next'], plain.headers['x-next'])
  const byOffset = await intel.app.inject({ method: 'GET', url: `${base}&offset=2`, headers })
  t.same(ids(plain.json()), ids(byOffset.json()), 'the page after the cursor is the page at the next offset')
})

t.test('X-Previous as ductile gives it: offset pages only, never reaching past the result window', async (t) => {
  const { intel, headers } = await seeded(t)
  const page = async (params: string) => (await intel.app.inject({ method: 'GET', url: `/ctia/judgement/search?query=*&${params}`, headers })).headers
  t.notOk((await page('limit=2'))['x-previous'], 'none on the first page')
  t.equal((await page('limit=2&offset=1'))['x-previous'], 'limit=2&offset=0', 'clamped to offset 0')
  t.equal((await page('limit=2&offset=5'))['x-previous'], 'limit=2&offset=3', 'without search_after, even though X-Next has it')
  t.notOk((await page('limit=2&offset=5&search_after=1'))['x-previous'], 'none with search_after')
  t.equal((await page('limit=5&offset=9994'))['x-previous'], 'limit=5&offset=9989')
  t.notOk((await page('limit=5&offset=9995'))['x-previous'], 'none once offset and limit reach 10,000')
})

t.test('a page past the total answers no hits, the total and the way back', async (t) => {
  const { intel, headers } = await seeded(t)
  const res = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?query=*&sort_by=id&limit=10&offset=10', headers })
  t.equal(res.statusCode, 200)
  t.same(res.json(), [])
  t.equal(res.headers['x-total-hits'], '9')
  t.equal(res.headers['x-previous'], 'limit=10&offset=0')
  t.notOk(res.headers['x-next'])
  t.notOk(res.headers['x-sort'], 'no hit, no sort values')
  const straddling = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?query=*&sort_by=id&limit=5&offset=7', headers })
  t.equal(straddling.json().length, 2, 'a page running past the total holds what is left')
  t.notOk(straddling.headers['x-next'])
})

t.test('events page by timestamp and id, their store\'s default sort', async (t) => {
  const { intel, headers } = await seeded(t)
  const base = '/ctia/event/search?query=*'
  const all = (await intel.app.inject({ method: 'GET', url: `${base}&limit=10000`, headers })).json() as Hit[]
  t.equal(all.length, 9, 'one event per judgement created')
  const { hits, pages } = await follow(intel, headers, base, 'limit=4')
  t.same(ids(hits), ids(all))
  t.same(JSON.parse(pages[0]!.sort!), [Date.parse(all[3]!.timestamp), shortId(all[3]!.id)])
})
