import t from 'tap'
import { StateCache } from '../../src/index.ts'

function rows() {
  const table = new Map<string, string>([['d1', 'v1']])
  let queries = 0
  return { table, load: (key: string) => async () => { queries++; return table.get(key) }, queries: () => queries }
}

t.test('a second read of unchanged state costs no query', async (t) => {
  const db = rows()
  const cache = new StateCache<string | undefined>({ ttlMs: 60_000, maxEntries: 10 })
  t.equal(await cache.get('d1', db.load('d1')), 'v1')
  t.equal(await cache.get('d1', db.load('d1')), 'v1')
  t.equal(db.queries(), 1)
})

t.test('a write followed by invalidate() is seen by the next read', async (t) => {
  const db = rows()
  const cache = new StateCache<string | undefined>({ ttlMs: 60_000, maxEntries: 10 })
  await cache.get('d1', db.load('d1'))
  db.table.set('d1', 'v2')
  cache.invalidate()
  t.equal(await cache.get('d1', db.load('d1')), 'v2')
})

t.test('a load that overlaps a write is not kept', async (t) => {
  const db = rows()
  const cache = new StateCache<string | undefined>({ ttlMs: 60_000, maxEntries: 10 })
  let release!: () => void
  const slow = cache.get('d1', async () => { const v = db.table.get('d1'); await new Promise<void>((r) => (release = r)); return v })
  db.table.set('d1', 'v2')
  cache.invalidate()
  release()
  t.equal(await slow, 'v1', 'the overlapping read answers what it read')
  t.equal(await cache.get('d1', db.load('d1')), 'v2', 'but the next read loads again')
})

t.test('values keep() refuses (not found) are loaded every time', async (t) => {
  const db = rows()
  const cache = new StateCache<string | undefined>({ ttlMs: 60_000, maxEntries: 10 })
  await cache.get('nope', db.load('nope'), (v) => v !== undefined)
  db.table.set('nope', 'created')
  t.equal(await cache.get('nope', db.load('nope'), (v) => v !== undefined), 'created', 'a row created later is found at once')
})

t.test('entries expire after ttlMs (writes another process made) and the oldest go first', async (t) => {
  let now = 0
  const db = rows()
  db.table.set('d2', 'w1')
  const cache = new StateCache<string | undefined>({ ttlMs: 1_000, maxEntries: 1, now: () => now })
  await cache.get('d1', db.load('d1'))
  db.table.set('d1', 'changed elsewhere')
  now = 999
  t.equal(await cache.get('d1', db.load('d1')), 'v1')
  now = 1_000
  t.equal(await cache.get('d1', db.load('d1')), 'changed elsewhere')
  await cache.get('d2', db.load('d2'))
  const before = db.queries()
  await cache.get('d1', db.load('d1'))
  t.equal(db.queries(), before + 1, 'd1 was dropped to keep one entry')
})
