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

const URL_RE = /\b(?:https?|ftp):\/\/[^\s<>"'`]{1,8192}/ig
const EMAIL_RE = /(?<![\w.%+-])[a-z0-9._%+-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z]{2,63}\b/ig
const IPV4_RE = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\.?\d)/g
const IPV6_RE = /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:.])/gi
const HEX_RE = /(?<![0-9a-z])[0-9a-f]{32,64}(?![0-9a-z])/gi
const DOMAIN_RE = /(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,126}[a-z][a-z0-9-]{0,61}[a-z0-9](?![\w-]|\.[a-z0-9])/ig

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

const explicit: Recognizer = (m) => {
  if (!OBSERVABLE_TYPE_SET.has(m[1]!)) return undefined
  const value = m[2] !== undefined ? unescape(m[2]) : m[3]!
  return value.trim() ? { type: m[1] as ObservableType, value } : undefined
}
// Trailing punctuation belongs to the sentence, not the url.
const url: Recognizer = (m) => ({ type: 'url', value: m[0].replace(/[.,;:!?)\]}]+$/, '') })
const email: Recognizer = (m) => ({ type: 'email', value: m[0] })
const ipv4: Recognizer = (m) => ({ type: 'ip', value: m[0] })
const ipv6: Recognizer = (m) => (isIPv6(m[0]) && (m[0].includes('::') || m[0].split(':').length === 8) ? { type: 'ipv6', value: m[0] } : undefined)
const HASH_TYPES: Record<number, ObservableType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' }
const hash: Recognizer = (m) => {
  const type = HASH_TYPES[m[0].length]
  return type ? { type, value: m[0] } : undefined
}
const domain: Recognizer = (m) => (isDomain(m[0]) ? { type: 'domain', value: m[0] } : undefined)

// In this order: a later pass does not see what an earlier one found (a domain inside an email or url).
const PASSES: Array<[RegExp, Recognizer]> = [[URL_RE, url], [EMAIL_RE, email], [IPV4_RE, ipv4], [IPV6_RE, ipv6], [HEX_RE, hash], [DOMAIN_RE, domain]]

export function inspect(content: string): Observable[] {
  const found: Found[] = []
  let text = scan(content, EXPLICIT, explicit, found)
  for (const [re, recognize] of PASSES) text = scan(text, re, recognize, found)
  // A Map keeps the first of each {type, value} in order of appearance (a type holds no colon).
  const unique = new Map<string, Observable>()
  for (const { observable: o } of found.sort((a, b) => a.at - b.at)) if (!unique.has(`${o.type}:${o.value}`)) unique.set(`${o.type}:${o.value}`, o)
  return [...unique.values()]
}
