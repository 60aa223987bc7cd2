// iroh-inspect: finds observables in free text. Two passes: the investigation syntax `type:"value"` (any CTIM type,
// as the tech note types `email_subject:"test test"`), then free-text recognizers for urls, emails, IPv4/IPv6,
// hashes and domains. Results are unique {type, value} pairs in order of appearance.
import { isIPv6 } from 'node:net'
import { OBSERVABLE_TYPES, type Observable, type ObservableType } from '@ctrmock/types'

interface Found extends Observable {
  at: number
}

// `type:"quoted value"` (backslash escapes allowed) or `type:bare-value`; the word must be a CTIM type. Every
// quantifier is bounded and every pattern starts only where a run of its characters starts (the lookbehinds), so
// hostile text (megabytes of "a.a.a.") costs linear time.
const EXPLICIT = /(?<![\w])([a-z][a-z0-9_]{1,40}):(?:"((?:[^"\\]|\\.){0,4096})"|([^\s"]{1,4096}))/g
const OBSERVABLE_TYPE_SET: ReadonlySet<string> = new Set(OBSERVABLE_TYPES)

const URL_RE = /\b(?:https?|ftp):\/\/[^\s<>"'`]{1,8192}/gi
const EMAIL_RE = /(?<![\w.%+-])[a-z0-9._%+-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z]{2,63}\b/gi
const IPV4_RE = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\.?\d)/g
const IPV6_RE = /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:.])/gi
const HEX_RE = /(?<![0-9a-z])[0-9a-f]{32,64}(?![0-9a-z])/gi
const DOMAIN_RE = /(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,126}[a-z][a-z0-9-]{0,61}[a-z0-9](?![\w-]|\.[a-z0-9])/gi

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
function scan(text: string, re: RegExp, onMatch: (match: RegExpExecArray) => Observable | undefined, found: Found[]): string {
  const parts: string[] = []
  let last = 0
  // exec on the shared global pattern, not matchAll: matchAll clones the RegExp on every call.
  re.lastIndex = 0
  for (let match = re.exec(text); match; match = re.exec(text)) {
    const observable = onMatch(match)
    if (!observable) continue
    found.push({ ...observable, at: match.index })
    parts.push(text.slice(last, match.index), ' '.repeat(match[0].length))
    last = match.index + match[0].length
  }
  if (parts.length === 0) return text
  parts.push(text.slice(last))
  return parts.join('')
}

export function inspect(content: string): Observable[] {
  const found: Found[] = []
  // Each pass needs a character the text may lack; skipping it then saves a regex scan.
  const colon = content.includes(':')
  const dot = content.includes('.')
  let text = !colon ? content : scan(content, EXPLICIT, (m) => {
    if (!OBSERVABLE_TYPE_SET.has(m[1]!)) return undefined
    const value = m[2] !== undefined ? unescape(m[2]) : m[3]!
    return value.trim() ? { type: m[1] as ObservableType, value } : undefined
  }, found)
  if (colon) text = scan(text, URL_RE, (m) => ({ type: 'url', value: m[0].replace(/[.,;:!?)\]}]+$/, '') }), found)
  if (content.includes('@')) text = scan(text, EMAIL_RE, (m) => ({ type: 'email', value: m[0] }), found)
  if (dot) text = scan(text, IPV4_RE, (m) => ({ type: 'ip', value: m[0] }), found)
  if (colon) text = scan(text, IPV6_RE, (m) => (isIPv6(m[0]) && (m[0].includes('::') || m[0].split(':').length === 8) ? { type: 'ipv6', value: m[0] } : undefined), found)
  text = scan(text, HEX_RE, (m) => {
    const type = ({ 32: 'md5', 40: 'sha1', 64: 'sha256' } as const)[m[0].length as 32 | 40 | 64]
    return type ? { type, value: m[0] } : undefined
  }, found)
  if (dot) scan(text, DOMAIN_RE, (m) => (isDomain(m[0]) ? { type: 'domain', value: m[0] } : undefined), found)

  const seen = new Set<string>()
  return found
    .sort((a, b) => a.at - b.at)
    .filter((o) => {
      const key = `${o.type}\u0000${o.value}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .map(({ type, value }) => ({ type, value }))
}
