// Spam Quarantine's safelist and blocklist: each end user (recipient) lists senders whose mail is never (safelist) or
// always (blocklist) treated as spam. Stored as (recipient, sender) pairs; viewed and changed by recipient or by sender.
import type { ListAction, ListView, QuarantineList } from '@ctrmock/types'
import { invalidInput } from './errors.ts'

export interface ListPair {
  recipient: string
  sender: string
}

export interface ListRow {
  key: string
  values: string[]
}

export interface ListChange {
  action: ListAction | 'delete'
  viewBy: ListView
  /** Recipients (viewBy recipient) or senders (viewBy sender) whose rows change. */
  keys: string[]
  /** The senders (or recipients) added to, or set as, each key's list; none for delete. */
  values: string[]
}

const MAX_ENTRIES = 1_000
// One change touches at most this many (recipient, sender) pairs, so a request stays one bounded transaction.
const MAX_PAIRS = 10_000
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/
const IP_LITERAL = /^\[(?:ipv6:[0-9a-f:.]+|\d{1,3}(?:\.\d{1,3}){3})\]$/
const USER_AT_IP = /^[^\s@<>()[\]\\,;:"]+@\[(?:ipv6:[0-9a-f:.]+|\d{1,3}(?:\.\d{1,3}){3})\]$/

/** A recipient is an email address (the end user whose list it is). */
export function recipientEntry(value: string): string {
  const entry = value.trim().toLowerCase()
  if (entry.length > 254 || !ADDRESS.test(entry)) throw invalidInput(`Invalid recipient address: ${value}`)
  return entry
}

/** A sender is user@domain.com, server.domain.com, domain.com, [10.1.1.0], [ipv6:2001:db8::1] or user@[1.2.3.4]. */
export function senderEntry(value: string): string {
  const entry = value.trim().toLowerCase()
  if (entry.length > 254 || ![ADDRESS, DOMAIN, IP_LITERAL, USER_AT_IP].some((form) => form.test(entry))) {
    throw invalidInput(`Invalid sender entry: ${value}`)
  }
  return entry
}

function checkedList(name: string, values: string[] | undefined, entry: (value: string) => string): string[] {
  if (!values || values.length === 0) throw invalidInput(`${name} is required and may not be empty.`)
  if (values.length > MAX_ENTRIES) throw invalidInput(`${name} may hold at most ${MAX_ENTRIES} entries.`)
  return [...new Set(values.map(entry))]
}

/** The change a POST or DELETE asks for, its addresses checked and lowercased. */
export function listChange(input: {
  action: ListAction | 'delete'
  viewBy: ListView
  recipientAddresses?: string[]
  senderList?: string[]
  senderAddresses?: string[]
  recipientList?: string[]
}): ListChange {
  const { action, viewBy } = input
  if (action === 'delete') {
    return viewBy === 'recipient'
      ? { action, viewBy, keys: checkedList('recipientList', input.recipientList, recipientEntry), values: [] }
      : { action, viewBy, keys: checkedList('senderList', input.senderList, senderEntry), values: [] }
  }
  const change: ListChange = viewBy === 'recipient'
    ? { action, viewBy, keys: checkedList('recipientAddresses', input.recipientAddresses, recipientEntry), values: checkedList('senderList', input.senderList, senderEntry) }
    : { action, viewBy, keys: checkedList('senderAddresses', input.senderAddresses, senderEntry), values: checkedList('recipientList', input.recipientList, recipientEntry) }
  if (change.keys.length * change.values.length > MAX_PAIRS) throw invalidInput(`One change may pair at most ${MAX_PAIRS} recipients and senders.`)
  return change
}

const pairOf = (viewBy: ListView, key: string, value: string): ListPair =>
  viewBy === 'recipient' ? { recipient: key, sender: value } : { recipient: value, sender: key }

/**
 * What the change does to the list: the pairs to remove and to add. add and append extend each key's list (creating
 * it); edit makes each key's list exactly the values given; delete removes the keys' rows.
 */
export function applyListChange(current: readonly ListPair[], change: ListChange): { remove: ListPair[]; add: ListPair[] } {
  const keyOf = (p: ListPair) => (change.viewBy === 'recipient' ? p.recipient : p.sender)
  const keys = new Set(change.keys)
  const existing = current.filter((p) => keys.has(keyOf(p)))
  const wanted = change.keys.flatMap((key) => change.values.map((value) => pairOf(change.viewBy, key, value)))
  const same = (a: ListPair, b: ListPair) => a.recipient === b.recipient && a.sender === b.sender
  const remove = change.action === 'edit' || change.action === 'delete' ? existing.filter((p) => !wanted.some((w) => same(w, p))) : []
  const add = wanted.filter((w) => !existing.some((p) => same(p, w)))
  return { remove, add }
}

export const CHANGE_MESSAGES: Record<ListChange['action'], string> = {
  add: 'Added Successfully', append: 'Appended Successfully', edit: 'Edited Successfully', delete: 'Deleted Successfully',
}

export interface ListPage {
  viewBy: ListView
  search?: string
  orderDir?: 'asc' | 'desc'
  offset: number
  limit: number
}

/** The list as the API pages it: one row per recipient (or sender), each with its sorted senders (or recipients). */
export function listRows(pairs: readonly ListPair[], view: ListPage): { total: number; rows: ListRow[] } {
  const grouped = new Map<string, string[]>()
  for (const p of pairs) {
    const [key, value] = view.viewBy === 'recipient' ? [p.recipient, p.sender] : [p.sender, p.recipient]
    const values = grouped.get(key)
    if (values) values.push(value)
    else grouped.set(key, [value])
  }
  const text = view.search?.trim().toLowerCase()
  const rows = [...grouped].map(([key, values]) => ({ key, values: values.sort() }))
    .filter((row) => !text || row.key.includes(text) || row.values.some((v) => v.includes(text)))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * (view.orderDir === 'desc' ? -1 : 1))
  return { total: rows.length, rows: rows.slice(view.offset, view.offset + view.limit) }
}

/** The wire form of one row. */
export function wireRow(viewBy: ListView, row: ListRow) {
  return viewBy === 'recipient' ? { recipientAddress: row.key, senderList: row.values } : { senderAddress: row.key, recipientList: row.values }
}

/** Who sent a mail, as the lists match it: the envelope sender, the From: header's address and the client's IP. */
export interface MailSender {
  envelopeSender: string
  fromAddress: string
  senderIp: string
}

/** Whether a sender entry names this mail's sender: an address exactly, a domain exactly, or the client's IP. */
export function senderMatches(entry: string, mail: MailSender): boolean {
  const addresses = [mail.envelopeSender, mail.fromAddress].map((a) => a.trim().toLowerCase()).filter(Boolean)
  const ip = mail.senderIp.toLowerCase()
  const literal = (bracketed: string) => bracketed.slice(1, -1).replace(/^ipv6:/, '')
  if (IP_LITERAL.test(entry)) return literal(entry) === ip
  if (USER_AT_IP.test(entry)) {
    const at = entry.lastIndexOf('@')
    return literal(entry.slice(at + 1)) === ip && addresses.some((a) => a.slice(0, a.lastIndexOf('@')) === entry.slice(0, at))
  }
  if (entry.includes('@')) return addresses.includes(entry)
  return addresses.some((a) => a.slice(a.lastIndexOf('@') + 1) === entry)
}

/** The lists one recipient keeps, checked against one mail: a safelisted sender wins over a blocklisted one. */
export function listVerdict(recipient: string, mail: MailSender, lists: Record<QuarantineList, readonly ListPair[]>): QuarantineList | undefined {
  const listed = (list: QuarantineList) => lists[list].some((p) => p.recipient === recipient.toLowerCase() && senderMatches(p.sender, mail))
  if (listed('safelist')) return 'safelist'
  if (listed('blocklist')) return 'blocklist'
  return undefined
}
