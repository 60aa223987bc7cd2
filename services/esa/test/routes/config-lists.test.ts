// The appliance's /config lists as the XSOAR Cisco ESA integration drives them: dictionaries and their words, URL
// lists, file hash lists and message filters are created, read, changed and deleted per appliance, kept in Postgres,
// and refused in AsyncOS's error shape when the request is wrong.
import t, { type Test } from 'tap'
import type { EsaOrg } from '@ctrmock/types'
import { API, asOrg, buildTestApp, createOrg } from '../helper.ts'

const app = await buildTestApp(t)
const SCOPE = 'device_type=esa&mode=cluster'

async function appliance(body: Record<string, unknown> = {}) {
  const org = await createOrg(app, body)
  return {
    org,
    call: (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object, as: EsaOrg = org) =>
      app.inject({ method, url: `${API}/config/${path}${path.includes('?') ? '&' : '?'}${SCOPE}`, headers: asOrg(as), ...(payload ? { payload } : {}) }),
  }
}

// AsyncOS answers an add with 201 (a URL list's, in a published script's recorded run), a change or delete with 200.
const ok = (t: Test, res: { statusCode: number; body: string }, message: string, what: string) => {
  t.equal(res.statusCode, message === 'Added Successfully' ? 201 : 200, `${what}: ${res.body}`)
  t.same(JSON.parse(res.body), { data: { message } }, what)
}

t.test('a dictionary and its words: added, listed, weighted, renamed and deleted', async (t) => {
  const { call } = await appliance()
  ok(t, await call('POST', 'dictionaries/testing', { data: { ignorecase: 1, wholewords: 1, words: [['*credit', 2, 'prefix'], ['test3'], ['secret', 7]], encoding: 'utf-8' } }), 'Added Successfully', 'add')
  const one = (await call('GET', 'dictionaries/testing')).json()
  t.same(one, {
    data: {
      name: 'testing', encoding: 'utf-8', ignorecase: 1, wholewords: 1,
      words: [['*credit', 2, 'prefix'], ['test3', 1], ['secret', 7]], words_count: { term_count: 2, smart_identifier_count: 1 },
    },
  }, 'a term without a weight weighs 1')

  ok(t, await call('POST', 'dictionaries/testing/words', { data: { words: [['*ssn', 2, 'prefix'], ['noy']] } }), 'Added Successfully', 'words added')
  ok(t, await call('PUT', 'dictionaries/testing/words', { data: { words: [['noy', 9]] } }), 'Updated Successfully', 'a weight changed')
  ok(t, await call('DELETE', 'dictionaries/testing/words', { data: { words: ['*credit', 'test3'] } }), 'Deleted Successfully', 'words deleted')
  t.same((await call('GET', 'dictionaries/testing')).json().data.words, [['secret', 7], ['*ssn', 2, 'prefix'], ['noy', 9]])

  ok(t, await call('PUT', 'dictionaries/testing', { data: { name: 'renamed', ignorecase: 0, wholewords: 1, words: [['only']], encoding: 'utf-8' } }), 'Updated Successfully', 'edit')
  t.equal((await call('GET', 'dictionaries/testing')).statusCode, 404, 'the old name is gone')
  ok(t, await call('POST', 'dictionaries/second', { data: { ignorecase: 1, wholewords: 0, words: [['x']] } }), 'Added Successfully', 'a second one')
  const all = (await call('GET', 'dictionaries')).json().data
  t.same(all.map((d: { name: string; ignorecase: number; words: unknown[] }) => [d.name, d.ignorecase, d.words]), [['renamed', 0, [['only', 1]]], ['second', 1, [['x', 1]]]])

  ok(t, await call('DELETE', 'dictionaries/renamed'), 'Deleted Successfully', 'delete')
  t.same((await call('GET', 'dictionaries')).json().data.map((d: { name: string }) => d.name), ['second'])
})

t.test('dictionaries refuse what the appliance refuses, and change nothing', async (t) => {
  const { call } = await appliance()
  ok(t, await call('POST', 'dictionaries/words', { data: { ignorecase: 1, wholewords: 1, words: [['a']] } }), 'Added Successfully', 'add')
  const refused = async (method: 'POST' | 'PUT' | 'DELETE', path: string, payload: object | undefined, status: number, message: RegExp) => {
    const res = await call(method, path, payload)
    t.equal(res.statusCode, status, `${method} ${path}: ${res.body}`)
    t.match(res.json(), { error: { code: String(status), message, explanation: /^\d{3} = / } })
  }
  await refused('POST', 'dictionaries/words', { data: { words: [['b']] } }, 400, /already exists/)
  await refused('POST', 'dictionaries/other', { data: { words: [['*visa']] } }, 400, /smart identifier \*visa/)
  await refused('POST', 'dictionaries/other', { data: { words: [['b', 11]] } }, 400, /weight for b/)
  await refused('POST', 'dictionaries/other', { data: { words: [['b', 1, 'prefix']] } }, 400, /only a smart identifier/)
  await refused('POST', 'dictionaries/words/words', { data: { words: [['a']] } }, 400, /Already in words: a/)
  await refused('PUT', 'dictionaries/words/words', { data: { words: [['zz', 3]] } }, 400, /Not in words: zz/)
  await refused('DELETE', 'dictionaries/words/words', { data: { words: ['zz'] } }, 400, /Not in words: zz/)
  await refused('DELETE', 'dictionaries/nothing', undefined, 404, /dictionary nothing does not exist/)
  await refused('POST', 'dictionaries/bad%20name', { data: { words: [] } }, 400, /Invalid dictionary name/)
  t.same((await call('GET', 'dictionaries')).json().data, [{ name: 'words', encoding: 'utf-8', ignorecase: 1, wholewords: 1, words: [['a', 1]], words_count: { term_count: 1, smart_identifier_count: 0 } }])
})

t.test('the scope: cluster or this machine reach the appliance; a group or another host do not', async (t) => {
  const { org } = await appliance({ hostname: 'esa1.corp.example' })
  const get = (query: string) => app.inject({ method: 'GET', url: `${API}/config/url_lists?${query}`, headers: asOrg(org) })
  t.equal((await get('device_type=esa&mode=cluster')).statusCode, 200)
  t.equal((await get('device_type=esa')).statusCode, 200, 'cluster is the default')
  t.match((await get('mode=cluster')).json(), { error: { code: '400', message: 'Missing attribute - device_type.' } }, 'device_type is required')
  t.equal((await get('device_type=esa&mode=machine&host_name=ESA1.corp.example')).statusCode, 200)
  t.match((await get('device_type=esa&mode=machine&host_name=esa2.corp.example')).json(), { error: { code: '404', message: /esa2.*esa1\.corp\.example/ } })
  t.match((await get('device_type=esa&mode=machine')).json(), { error: { code: '400', message: /host_name is required/ } })
  t.match((await get('device_type=esa&mode=group&group_name=Main')).json(), { error: { code: '404', message: /Group Main/ } })
  t.match((await get('device_type=wsa')).json(), { error: { code: '400', message: /device_type/ } })
  t.match((await get('device_type=esa&mode=everywhere')).json(), { error: { code: '400' } })
})

t.test('URL lists: created, listed, replaced, deleted together', async (t) => {
  const { call } = await appliance()
  ok(t, await call('POST', 'url_lists/urllisttest', { data: { urls: ['test.net'] } }), 'Added Successfully', 'create')
  ok(t, await call('POST', 'url_lists/bypass_urls', { data: { urls: ['*.test.com/*', 'https://intranet.example/'] } }), 'Added Successfully', 'create')
  t.same((await call('GET', 'url_lists/bypass_urls')).json(), { data: { name: 'bypass_urls', urls: ['*.test.com/*', 'https://intranet.example/'], urls_count: 2, used_by: '' } })
  ok(t, await call('PUT', 'url_lists/urllisttest', { data: { urls: ['a.example', 'b.example'] } }), 'Updated Successfully', 'update')
  t.same((await call('GET', 'url_lists')).json().data.map((l: { name: string; urls_count: number }) => [l.name, l.urls_count]), [['urllisttest', 2], ['bypass_urls', 2]])

  const missing = await call('DELETE', 'url_lists', { data: { url_lists: ['urllisttest', 'nothing'] } })
  t.match(missing.json(), { error: { code: '404', message: /URL list nothing does not exist/ } })
  t.equal((await call('GET', 'url_lists')).json().data.length, 2, 'a delete naming an unknown list removes nothing')
  ok(t, await call('DELETE', 'url_lists', { data: { url_lists: ['urllisttest', 'bypass_urls'] } }), 'Deleted Successfully', 'delete')
  t.same((await call('GET', 'url_lists')).json(), { data: [] })
  t.match((await call('POST', 'url_lists/empty', { data: { urls: [] } })).json(), { error: { code: '400', message: /at least one URL/ } })
})

t.test('file hash lists keep hashes of their type', async (t) => {
  const { call } = await appliance()
  const md5 = 'D41D8CD98F00B204E9800998ECF8427E'
  const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
  ok(t, await call('POST', 'file_hash_lists/test', { data: { filehashes: [md5], description: 'known bad', list_type: 'md5' } }), 'Added Successfully', 'create')
  t.same((await call('GET', 'file_hash_lists/test')).json(), {
    data: { name: 'test', description: 'known bad', list_type: 'md5', filehashes: [md5.toLowerCase()], filehashes_count: 1 },
  })
  t.match((await call('PUT', 'file_hash_lists/test', { data: { filehashes: [sha256] } })).json(), { error: { code: '400', message: /Invalid MD5 hash/ } })
  ok(t, await call('POST', 'file_hash_lists/fhl_api3', { data: { filehashes: [md5, sha256], description: '', list_type: 'any' } }), 'Added Successfully', 'any type')
  ok(t, await call('PUT', 'file_hash_lists/fhl_api3', { data: { filehashes: [sha256], description: 'Changed name' } }), 'Updated Successfully', 'update')
  t.same((await call('GET', 'file_hash_lists')).json().data.map((l: { name: string; filehashes_count: number; description: string }) => [l.name, l.filehashes_count, l.description]),
    [['test', 1, 'known bad'], ['fhl_api3', 1, 'Changed name']])
  t.match((await call('POST', 'file_hash_lists/x', { data: { filehashes: [md5], description: '', list_type: 'malware' } })).json(), { error: { code: '400', message: /list_type/ } })
})

t.test('message filters: in order, marked invalid for unknown listeners and interfaces, moved, turned off', async (t) => {
  const { call } = await appliance()
  const rules = (listener: string, int: string) => `if (recv-listener == "${listener}") OR (recv-int =="${int}") { alt-src-host ("Management"); skip-filters(); } else { skip-filters(); }`
  ok(t, await call('POST', 'message_filters/F1', { data: { rules_and_actions: rules('IncomingMail', 'Management'), active: 'true' } }), 'Added Successfully', 'a valid filter')
  const warned = await call('POST', 'message_filters/f3', { data: { rules_and_actions: rules('IncomingMail', 'notmain1').replace('"Management"', '"outbound2"'), active: 'true' } })
  t.same(warned.json(), {
    meta: { warning: "Filter f3 has been marked invalid for these reasons: Interface 'notmain1' unknown; Interface 'outbound2' unknown;." },
    data: { message: 'Added Successfully' },
  }, 'an invalid filter is added with a warning')
  t.same((await call('POST', 'message_filters/F0', { data: { rules_and_actions: rules('InboundMail', 'Management'), active: 'false', order: 1 } })).json(), {
    meta: { warning: "Filter F0 has been marked invalid for these reasons: Listener 'InboundMail' unknown;." }, data: { message: 'Added Successfully' },
  }, 'added first in order')

  const listed = (await call('GET', 'message_filters')).json()
  t.equal(listed.meta.count, 3)
  t.same(listed.data.map((f: { name: string; order: number; valid: string; active: string }) => [f.name, f.order, f.valid, f.active]),
    [['F0', 1, 'false', 'false'], ['F1', 2, 'true', 'true'], ['f3', 3, 'false', 'true']])
  t.equal(listed.data[0].invalid_reason, "Listener 'InboundMail' unknown")
  t.notOk('invalid_reason' in listed.data[1], 'a valid filter has no reason')

  ok(t, await call('PUT', 'message_filters/f3', { data: { active: 'false', order: 1 } }), 'Updated Successfully', 'moved and turned off')
  t.same((await call('GET', 'message_filters/f3')).json(), { meta: { count: 1 }, data: [{ ...listed.data[2], active: 'false', order: 1 }] })
  ok(t, await call('DELETE', 'message_filters/F0'), 'Deleted Successfully', 'delete')
  t.same((await call('GET', 'message_filters')).json().data.map((f: { name: string; order: number }) => [f.name, f.order]), [['f3', 1], ['F1', 2]])

  t.match((await call('POST', 'message_filters/F9', { data: { rules_and_actions: 'if (subject == "x" { drop(); }' } })).json(), { error: { code: '400', message: 'Invalid filter F9: missing ")".' } })
  t.match((await call('POST', 'message_filters/F9', { data: { rules_and_actions: 'drop();', order: 9 } })).json(), { error: { code: '400', message: /order 9: expected 1 to 3/ } })
  t.match((await call('PUT', 'message_filters/F1', { data: {} })).json(), { error: { code: '400', message: /active or order/ } })
  t.match((await call('PUT', 'message_filters/F1', { data: { active: 'maybe' } })).json(), { error: { code: '400', message: /Invalid active/ } })
  t.match((await call('GET', 'message_filters/nothing')).json(), { error: { code: '404', message: /message filter nothing does not exist/ } })
})

t.test("one appliance's lists are its own", async (t) => {
  const a = await appliance()
  const b = await appliance()
  ok(t, await a.call('POST', 'url_lists/mine', { data: { urls: ['a.example'] } }), 'Added Successfully', 'A creates')
  t.same((await b.call('GET', 'url_lists')).json(), { data: [] }, 'B sees none')
  t.equal((await b.call('GET', 'url_lists/mine')).statusCode, 404)
  ok(t, await b.call('POST', 'url_lists/mine', { data: { urls: ['b.example'] } }), 'Added Successfully', 'B may use the same name')
  t.same((await a.call('GET', 'url_lists/mine')).json().data.urls, ['a.example'])
})
