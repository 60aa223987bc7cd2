// The Spam Quarantine's rules without HTTP or Postgres: which sender entries name a mail, what each list change does,
// which mails the quarantine holds, how its search orders and pages, and how the incoming-mail report counts verdicts.
import t from 'tap'
import { applyListChange, listChange, listRows, senderMatches } from '../../src/domain/safelist-blocklist.ts'
import { quarantineReason, quarantineSize, searchQuarantine, spamVerdict, type HeldMessage } from '../../src/domain/spam-quarantine.ts'
import type { TrackedMessageRecord } from '../../src/domain/tracked-messages.ts'
import { incomingTrafficSummary } from '../../src/domain/reports.ts'

const mail = { envelopeSender: 'bounce@mailer.news.example', fromAddress: 'Editor@News.example', senderIp: '10.1.1.7' }

t.test('a sender entry is an address, a domain or the client\'s IP, in Cisco\'s formats', async (t) => {
  t.ok(senderMatches('editor@news.example', mail), 'the From: address, any case')
  t.ok(senderMatches('bounce@mailer.news.example', mail), 'the envelope sender')
  t.ok(senderMatches('news.example', mail), 'a domain')
  t.ok(senderMatches('mailer.news.example', mail), 'a server\'s domain')
  t.notOk(senderMatches('example', mail), 'no partial domain')
  t.ok(senderMatches('[10.1.1.7]', mail), 'the connecting IP')
  t.notOk(senderMatches('[10.1.1.8]', mail))
  t.ok(senderMatches('editor@[10.1.1.7]', mail), 'a user at the connecting IP')
  t.notOk(senderMatches('other@[10.1.1.7]', mail))
})

t.test('add and append extend a row, edit replaces it, delete removes it', async (t) => {
  const current = [{ recipient: 'a@corp.example', sender: 'x.example' }, { recipient: 'b@corp.example', sender: 'x.example' }]
  const change = (action: 'add' | 'append' | 'edit', values: string[]) =>
    applyListChange(current, listChange({ action, viewBy: 'recipient', recipientAddresses: ['A@corp.example'], senderList: values }))
  t.same(change('add', ['x.example', 'y.example']), { remove: [], add: [{ recipient: 'a@corp.example', sender: 'y.example' }] })
  t.same(change('append', ['y.example']), change('add', ['y.example']))
  t.same(change('edit', ['y.example']), { remove: [current[0]], add: [{ recipient: 'a@corp.example', sender: 'y.example' }] })
  const bySender = applyListChange(current, listChange({ action: 'delete', viewBy: 'sender', senderList: ['x.example'] }))
  t.same(bySender, { remove: current, add: [] }, 'a sender\'s row spans every recipient that lists it')
  t.throws(() => listChange({ action: 'add', viewBy: 'recipient', recipientAddresses: ['a@corp.example'] }), /senderList is required/)
  t.throws(() => listChange({ action: 'add', viewBy: 'sender', senderAddresses: ['user@'], recipientList: ['a@corp.example'] }), /Invalid sender entry/)
  const many = (n: number, at: string) => Array.from({ length: n }, (_, i) => `u${i}@${at}`)
  t.throws(() => listChange({ action: 'edit', viewBy: 'recipient', recipientAddresses: many(101, 'corp.example'), senderList: many(100, 'x.example') }), /at most 10000/)
})

t.test('a list is paged by row, searched and ordered by its key', async (t) => {
  const pairs = [
    { recipient: 'b@corp.example', sender: 'z.example' }, { recipient: 'a@corp.example', sender: 'z.example' },
    { recipient: 'a@corp.example', sender: 'y.example' },
  ]
  t.same(listRows(pairs, { viewBy: 'recipient', offset: 0, limit: 10 }), {
    total: 2, rows: [{ key: 'a@corp.example', values: ['y.example', 'z.example'] }, { key: 'b@corp.example', values: ['z.example'] }],
  })
  t.same(listRows(pairs, { viewBy: 'sender', orderDir: 'desc', offset: 0, limit: 1 }), { total: 2, rows: [{ key: 'z.example', values: ['a@corp.example', 'b@corp.example'] }] })
  t.same(listRows(pairs, { viewBy: 'recipient', search: 'Y.EX', offset: 0, limit: 10 }).rows.map((r) => r.key), ['a@corp.example'], 'a search matches keys and listed entries')
})

t.test('the verdict: a blocklist always, a safelist of every recipient skips the scan, else Cisco\'s test header', async (t) => {
  const none = { safelist: [], blocklist: [] }
  const spam = { ...mail, advertisement: ' Spam ', recipients: ['a@corp.example', 'b@corp.example'] }
  t.equal(spamVerdict(spam, none), 'positive')
  t.equal(spamVerdict({ ...spam, advertisement: 'suspect' }, none), 'suspect')
  t.equal(spamVerdict({ ...spam, advertisement: 'Marketing' }, none), 'marketing')
  t.equal(spamVerdict({ ...spam, advertisement: undefined }, none), undefined)
  const safeForA = { safelist: [{ recipient: 'a@corp.example', sender: 'news.example' }], blocklist: [] }
  t.equal(spamVerdict(spam, safeForA), 'positive', 'scanned while one recipient does not safelist the sender')
  t.equal(spamVerdict({ ...spam, recipients: ['A@corp.example'] }, safeForA), undefined, 'not scanned when every recipient does')
  const blockedByB = { safelist: [], blocklist: [{ recipient: 'b@corp.example', sender: '[10.1.1.7]' }] }
  t.equal(spamVerdict({ ...spam, advertisement: undefined }, blockedByB), 'blocklist')
  const both = { safelist: [{ recipient: 'b@corp.example', sender: 'news.example' }], blocklist: blockedByB.blocklist }
  t.equal(spamVerdict({ ...spam, advertisement: undefined, recipients: ['b@corp.example'] }, both), undefined, 'a safelisted sender is never blocklisted')
  t.same((['positive', 'blocklist', 'suspect', 'marketing', undefined] as const).map(quarantineReason), ['spam', 'blocklist', undefined, undefined, undefined],
    'the default incoming policy quarantines positive spam and blocklisted senders, and delivers the rest')
})

t.test('the search is newest first by default; an order is ascending unless it says otherwise', async (t) => {
  const held = (mid: number, subject: string, minutes: number, size = 100): HeldMessage => ({
    message: { mid, subject, size, fromHeader: 'f@x.example', recipients: ['r@corp.example'], timestamp: new Date(Date.UTC(2026, 2, 2, 10, minutes)) } as TrackedMessageRecord,
    reason: 'spam', toHeader: 'r@corp.example', body: '', quarantinedAt: new Date(0),
  })
  const all = [held(1, 'b', 1, 300), held(2, 'a', 2, 200), held(3, 'c', 0, 100)]
  const window = { from: new Date(Date.UTC(2026, 2, 2)), to: new Date(Date.UTC(2026, 2, 3)), offset: 0, limit: 10 }
  const mids = (q: Partial<Parameters<typeof searchQuarantine>[1]>) => searchQuarantine([...all], { ...window, ...q }).page.map((h) => h.message.mid)
  t.same(mids({}), [2, 1, 3])
  t.same(mids({ orderBy: 'subject' }), [2, 1, 3])
  t.same(mids({ orderBy: 'size', orderDir: 'desc' }), [1, 2, 3])
  t.same(mids({ filterBy: 'subject', filterOperator: 'does_not_contain', filterValue: 'A' }), [1, 3])
  t.same(mids({ filterOperator: 'is', filterValue: 'C' }), [3], 'a general filter (no filterBy) holds for any field')
  t.same(mids({ filterOperator: 'contains', filterValue: 'x.example' }), [2, 1, 3], 'the from address is one of them')
  t.same(mids({ filterOperator: 'does_not_contain', filterValue: 'b' }), [2, 3], 'a negative one must hold for every field')
  t.same(mids({ to: new Date(Date.UTC(2026, 2, 2, 10, 1)) }), [1, 3], 'the window bounds the date received')
  t.same([quarantineSize(459_674), quarantineSize(3 * 1024 * 1024)], ['448.90K', '3.00M'])
})

t.test('the incoming traffic summary: blocklisted mail is certain spam, graymail is marketing, the rest is clean', async (t) => {
  const counts = Object.assign({}, ...incomingTrafficSummary([
    { verdict: null, recipients: 5 }, { verdict: 'positive', recipients: 2 }, { verdict: 'blocklist', recipients: 1 },
    { verdict: 'suspect', recipients: 3 }, { verdict: 'marketing', recipients: 4 },
  ]))
  t.match(counts, {
    total_recipients: 15, detected_spam: 6, detected_spam_certain: 3, detected_spam_suspect: 3, total_threat_recipients: 6,
    marketing_mail: 4, total_graymail_recipients: 4, total_clean_recipients: 5, blocked_reputation: 0,
  })
  t.same(incomingTrafficSummary([]).every((entry) => Object.values(entry)[0] === 0), true, 'an empty window counts nothing')
})
