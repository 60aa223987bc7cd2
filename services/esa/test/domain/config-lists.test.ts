// The /config lists' rules without HTTP or Postgres: dictionary terms, message filters' validity and order, and
// changes by name that either apply whole or not at all.
import t from 'tap'
import { dictionaryWord, newDictionary, withWordsRemoved } from '../../src/domain/dictionaries.ts'
import { invalidReasons, withFilterAdded, withFilterUpdated } from '../../src/domain/message-filters.ts'
import { withChanged, withRemoved } from '../../src/domain/config-lists.ts'
import { fileHashList } from '../../src/domain/file-hash-lists.ts'

const network = { listeners: ['IncomingMail'], interfaces: ['Management'] }

t.test('dictionary terms', async (t) => {
  t.same(dictionaryWord(['word']), ['word', 1], 'a weight of 1 unless given')
  t.same(dictionaryWord('word'), ['word', 1], 'a bare string is a term')
  t.same(dictionaryWord(['*SSN', 0, 'prefix']), ['*SSN', 0, 'prefix'], 'smart identifiers ignore case')
  t.throws(() => dictionaryWord(['word', 2.5]), /weight/)
  t.throws(() => dictionaryWord(['', 1]), /non-empty/)
  t.throws(() => dictionaryWord(['a', 1, 'prefix', 'more']), /at most/)
  const d = newDictionary('d', { words: [['a'], ['*aba']] })
  t.same(d.words_count, { term_count: 1, smart_identifier_count: 1 })
  t.same(withWordsRemoved(d, [['*aba']]).words, [['a', 1]], 'a term to delete may come as [term]')
  t.throws(() => newDictionary('d', { words: [['a'], ['a', 2]] }), /given twice/)
  t.throws(() => newDictionary('d', { ignorecase: 2 }), /ignorecase must be 0 or 1/)
})

t.test("a message filter's reasons name each unknown listener and interface in the order the text names them", async (t) => {
  t.same(invalidReasons('if (recv-int != "eth9") OR (recv-listener == "Out") { alt-src-host("10.0.0.1"); alt-src-host ("dmz"); }', network),
    ["Interface 'eth9' unknown", "Listener 'Out' unknown", "Interface 'dmz' unknown"], 'an address is no interface name')
  t.same(invalidReasons('if (recv-listener == "IncomingMail") { alt-src-host("Management"); }', network), [])
  t.throws(() => withFilterAdded([], '1bad', { rules_and_actions: 'drop();' }, network), /Invalid message filter name/)
  t.throws(() => withFilterAdded([], 'f', { rules_and_actions: 'if (subject == "open) { drop(); }' }, network), /unterminated string/)
})

t.test('filters keep a gapless 1-based order through adds and moves', async (t) => {
  let filters = withFilterAdded([], 'a', { rules_and_actions: 'drop();' }, network).entries
  filters = withFilterAdded(filters, 'b', { rules_and_actions: 'drop();' }, network).entries
  filters = withFilterAdded(filters, 'c', { rules_and_actions: 'drop();', order: 2 }, network).entries
  t.same(filters.map((f) => [f.name, f.order]), [['a', 1], ['c', 2], ['b', 3]])
  t.same(withFilterUpdated(filters, 'a', { order: 3 }).map((f) => [f.name, f.order]), [['c', 1], ['b', 2], ['a', 3]])
  t.same(withFilterUpdated(filters, 'b', { active: false }).map((f) => [f.name, f.active]), [['a', 'true'], ['c', 'true'], ['b', 'false']], 'off, in place')
  t.throws(() => withFilterUpdated(filters, 'a', { order: 4 }), /expected 1 to 3/)
})

t.test('changes by name', async (t) => {
  const lists = [{ name: 'a' }, { name: 'b' }]
  t.throws(() => withRemoved(lists, ['a', 'z'], 'URL list'), /URL list z does not exist/)
  t.throws(() => withChanged(lists, 'a', 'dictionary', () => ({ name: 'b' })), /dictionary b already exists/, 'a rename may not take a name in use')
  t.same(withChanged(lists, 'a', 'dictionary', () => ({ name: 'c' })), [{ name: 'c' }, { name: 'b' }], 'a rename keeps the place')
  t.same(fileHashList('h', { filehashes: ['AB'.repeat(16)], description: '', list_type: 'MD5' }).list_type, 'md5')
})
