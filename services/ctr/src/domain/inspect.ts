// iroh-inspect: finds observables in free text. First the investigation syntax `type:"value"` (any CTIM type, as the
// tech note types `email_subject:"test test"`), then free-text recognizers for urls, emails, IPv4/IPv6, hashes and
// domains, each pass on the text with earlier finds blanked. Results are unique {type, value} pairs in order of
// appearance.
import { isIPv6 } from 'node:net'
import { OBSERVABLE_TYPES, type Observable, type ObservableType } from '@ctrmock/types'

// An observable and where it starts in the text, so that results come out in order of appearance.
interface Found {
  at: number
  observable: Observable
}

type Recognizer = (match: RegExpExecArray) => Observable | undefined

// `type:"quoted value"` (backslash escapes allowed) or `type:bare-value`; the word must be a CTIM type. Every
// quantifier is bounded and every pattern starts only where a run of its characters starts (the lookbehinds), so
// hostile text (megabytes of "a.a.a.") costs linear time.
const EXPLICIT = /(?<![\w])([a-z][a-z0-9_]{1,40}):(?:"((?:[^"\\]|\\.){0,4096})"|([^\s"]{1,4096}))/g
const OBSERVABLE_TYPE_SET: ReadonlySet<string> = new Set(OBSERVABLE_TYPES)

// The url, email, IPv4 and domain patterns are sticky (y): scanAt tries them only where a match can start. The IPv6
// and hash patterns scan the text (g).
const URL_RE = /\b(?:https?|ftp):\/\/[^\s<>"'`]{1,8192}/iy
const EMAIL_RE = /(?<![\w.%+-])[a-z0-9._%+-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z]{2,63}\b/iy
const IPV4_RE = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\.?\d)/y
const IPV6_RE = /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:.])/gi
const HEX_RE = /(?<![0-9a-z])[0-9a-f]{32,64}(?![0-9a-z])/gi
const DOMAIN_RE = /(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,126}[a-z][a-z0-9-]{0,61}[a-z0-9](?![\w-]|\.[a-z0-9])/iy

// Generic top-level domains accepted for bare domains (any two-letter label counts as a country code), so that
// "invoice.pdf" or "report.docx" are not taken for domains.
const GENERIC_TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'aero', 'asia', 'cat', 'coop', 'jobs',
  'mobi', 'museum', 'post', 'tel', 'travel', 'xxx', 'arpa', 'app', 'dev', 'xyz', 'top', 'online', 'site', 'club', 'shop',
  'store', 'tech', 'cloud', 'email', 'link', 'live', 'news', 'blog', 'page', 'web', 'win', 'work', 'today', 'space',
  'website', 'icu', 'vip', 'security', 'network', 'systems', 'solutions', 'services', 'support', 'host', 'zone',
  'digital', 'agency', 'company', 'center', 'global', 'group', 'media', 'world', 'life', 'mail', 'bank', 'cisco',
  'google', 'amazon', 'microsoft', 'apple', 'download', 'click', 'local', 'example', 'test', 'invalid', 'localhost',
])

function isDomain(candidate: string): boolean {
  const tld = candidate.slice(candidate.lastIndexOf('.') + 1).toLowerCase()
  return /^[a-z]{2}$/.test(tld) || GENERIC_TLDS.has(tld)
}

function unescape(quoted: string): string {
  return quoted.replace(/\\(.)/g, '$1')
}

/** Finds observables with one recognizer, then blanks what it matched (in one pass) so later recognizers do not
 *  find pieces of it (a domain inside an email or url). */
function scan(text: string, re: RegExp, recognize: Recognizer, found: Found[]): string {
  let blanked = ''
  let last = 0
  // exec on the shared global pattern, not matchAll: matchAll clones the RegExp on every call.
  re.lastIndex = 0
  for (let match = re.exec(text); match; match = re.exec(text)) {
    const observable = recognize(match)
    if (!observable) continue
    found.push({ at: match.index, observable })
    blanked += text.slice(last, match.index) + ' '.repeat(match[0].length)
    last = match.index + match[0].length
  }
  return last === 0 ? text : blanked + text.slice(last)
}

/** The first position at or after `from` where a pass's pattern could match, or -1. */
type NextStart = (text: string, from: number) => number

/** `scan` for a pattern whose every match starts at a place found from a literal it needs (the `://` of a url, the
 *  `@` of an email, a dot): the sticky pattern is tried there only, not at every position of the text. It finds
 *  the same matches as the global pattern: that one, too, continues after each match and tries positions in order. */
function scanAt(text: string, sticky: RegExp, nextStart: NextStart, recognize: Recognizer, found: Found[]): string {
  let blanked = ''
  let last = 0
  for (let at = nextStart(text, 0); at >= 0;) {
    sticky.lastIndex = at
    const match = sticky.exec(text)
    if (!match) {
      at = nextStart(text, at + 1)
      continue
    }
    const end = at + match[0].length
    const observable = recognize(match)
    if (observable) {
      found.push({ at, observable })
      blanked += text.slice(last, at) + ' '.repeat(end - at)
      last = end
    }
    at = nextStart(text, end)
  }
  return last === 0 ? text : blanked + text.slice(last)
}

// Where matches can start. Each pattern's lookbehind refuses a start inside a run of certain characters, so a match
// starts where such a run starts; a run that began before `from` holds no start. Scans back are bounded by `from`
// (and by the longest match part), so a hostile text still costs linear time.
const isLocalChar = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 // . _ % + -
const isHostChar = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 64 || c === 45 // . _ @ -
const isDigit = (c: number) => c >= 48 && c <= 57
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
}

// A url starts with its scheme, 3 to 5 characters before `://`.
const urlStart: NextStart = (text, from) => {
  const separator = text.indexOf('://', from + 3)
  return separator < 0 ? -1 : Math.max(from, separator - 5)
}
// An email starts where the run of 1 to 64 local-part characters before its `@` starts; an IPv4 address with the run
// of 1 to 3 digits before its first dot.
const emailStart: NextStart = (text, from) => runBefore(text, from, '@', isLocalChar, 64)
const ipv4Start: NextStart = (text, from) => runBefore(text, from, '.', isDigit, 3)
function runBefore(text: string, from: number, literal: string, isRunChar: (c: number) => boolean, longest: number): number {
  for (let at = text.indexOf(literal, from + 1); at >= 0; at = text.indexOf(literal, at + 1)) {
    let start = at
    while (start > from && at - start < longest && isRunChar(text.charCodeAt(start - 1))) start--
    // A run character still before it: the run began before `from`, or is longer than `longest`.
    if (start < at && !(start > 0 && isRunChar(text.charCodeAt(start - 1)))) return start
  }
  return -1
}
// A domain starts where a run of host characters (the lookbehind's [\w.@-]) holding a dot starts.
const domainStart: NextStart = (text, from) => {
  for (let dot = text.indexOf('.', from); dot >= 0; dot = text.indexOf('.', dot + 1)) {
    let start = dot
    while (start > from && isHostChar(text.charCodeAt(start - 1))) start--
    if (!(start > 0 && isHostChar(text.charCodeAt(start - 1)))) return start
    // The run began before `from`: skip past it.
    while (dot + 1 < text.length && isHostChar(text.charCodeAt(dot + 1))) dot++
  }
  return -1
}

// The recognizers, made once rather than on every call.
const explicit: Recognizer = (m) => {
  if (!OBSERVABLE_TYPE_SET.has(m[1]!)) return undefined
  const value = m[2] !== undefined ? unescape(m[2]) : m[3]!
  return value.trim() ? { type: m[1] as ObservableType, value } : undefined
}
// Trailing punctuation belongs to the sentence, not the url (checked first: most urls end without any).
const URL_TRAILER = /[.,;:!?)\]}]+$/
const url: Recognizer = (m) => ({ type: 'url', value: '.,;:!?)]}'.includes(m[0].at(-1)!) ? m[0].replace(URL_TRAILER, '') : m[0] })
const email: Recognizer = (m) => ({ type: 'email', value: m[0] })
const ipv4: Recognizer = (m) => ({ type: 'ip', value: m[0] })
const ipv6: Recognizer = (m) => (isIPv6(m[0]) && (m[0].includes('::') || m[0].split(':').length === 8) ? { type: 'ipv6', value: m[0] } : undefined)
const HASH_TYPES: Record<number, ObservableType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' }
const hash: Recognizer = (m) => {
  const type = HASH_TYPES[m[0].length]
  return type ? { type, value: m[0] } : undefined
}
const domain: Recognizer = (m) => (isDomain(m[0]) ? { type: 'domain', value: m[0] } : undefined)

/** Whether some colon ends a word that names a CTIM type (`ip:`), the only place an explicit observable can start:
 *  EXPLICIT's word is a whole run of [a-z0-9_] (its lookbehind refuses a word character before it). */
function mayHaveExplicit(text: string): boolean {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let start = colon
    while (start > 0 && isWordTail(text.charCodeAt(start - 1))) start--
    // The run is whole unless an upper-case letter (a word character too) precedes it.
    const before = text.charCodeAt(start - 1)
    if (colon - start >= 2 && !(before >= 65 && before <= 90) && OBSERVABLE_TYPE_SET.has(text.slice(start, colon))) return true
  }
  return false
}

function isWordTail(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 // a-z 0-9 _
}

/** Whether the text holds a run of 32 hex digits, which every hash match starts with. Such a run covers one of every
 *  32 positions, so only those are looked at, and a run is measured only around a hex digit found there. */
function hasHexRun(text: string): boolean {
  for (let probe = 31; probe < text.length; probe += 32) {
    if (!isHex(text.charCodeAt(probe))) continue
    let start = probe
    while (start > 0 && isHex(text.charCodeAt(start - 1))) start--
    let end = probe + 1
    while (end < text.length && end - start < 32 && isHex(text.charCodeAt(end))) end++
    if (end - start >= 32) return true
  }
  return false
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70)
}

export function inspect(content: string): Observable[] {
  const found: Found[] = []
  // Each pass runs only when the text left by the earlier passes (their finds blanked) holds what every match of it
  // needs: a scan saved is most of a pass's cost, and a short text usually lacks most of them.
  let text = mayHaveExplicit(content) ? scan(content, EXPLICIT, explicit, found) : content
  if (text.includes('://')) text = scanAt(text, URL_RE, urlStart, url, found)
  if (text.includes('@')) text = scanAt(text, EMAIL_RE, emailStart, email, found)
  if (text.includes('.')) text = scanAt(text, IPV4_RE, ipv4Start, ipv4, found)
  const colon = text.indexOf(':')
  if (colon >= 0 && colon !== text.lastIndexOf(':')) text = scan(text, IPV6_RE, ipv6, found)
  if (hasHexRun(text)) text = scan(text, HEX_RE, hash, found)
  if (text.includes('.')) scanAt(text, DOMAIN_RE, domainStart, domain, found)
  return uniqueInOrder(found)
}

/** Unique {type, value} pairs in order of appearance. A short text's few finds are compared directly; a set keeps a
 *  long text's many finds linear. */
function uniqueInOrder(found: Found[]): Observable[] {
  const few = found.length <= 8
  if (few) insertionSort(found)
  else found.sort((a, b) => a.at - b.at)
  const seen = few ? undefined : new Set<string>()
  const observables: Observable[] = []
  for (const { observable } of found) {
    const { type, value } = observable
    if (seen) {
      const key = `${type}\u0000${value}`
      if (seen.has(key)) continue
      seen.add(key)
    } else if (includesObservable(observables, type, value)) continue
    observables.push(observable)
  }
  return observables
}

// For a few finds, plain loops: no comparator or predicate to call for each element.
function insertionSort(found: Found[]): void {
  for (let i = 1; i < found.length; i++) {
    const entry = found[i]!
    let j = i - 1
    for (; j >= 0 && found[j]!.at > entry.at; j--) found[j + 1] = found[j]!
    found[j + 1] = entry
  }
}

function includesObservable(observables: Observable[], type: string, value: string): boolean {
  for (const o of observables) if (o.type === type && o.value === value) return true
  return false
}
