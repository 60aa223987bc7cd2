// Relay module URLs are restricted to an allowlist (RELAY_URL_ALLOWLIST) so CTR cannot be used as an open proxy.
// Patterns: a host name ("localhost", "relay"), a wildcard suffix ("*.example.test"), an IPv4 CIDR
// ("127.0.0.0/8"), an IP literal ("::1"), or "*" (anything; for deliberate use only).
import { BlockList, isIP } from 'node:net'
import { invalidRequest } from './errors.ts'

export const DEFAULT_RELAY_URL_ALLOWLIST = 'localhost,*.localhost,127.0.0.0/8,::1,ctr,ctr-eu,sse-americas,sse-europe,esa'

export class RelayUrlPolicy {
  readonly #hosts = new Set<string>()
  readonly #suffixes: string[] = []
  readonly #addresses = new BlockList()
  #any = false

  constructor(allowlist: string) {
    for (const raw of allowlist.split(',')) {
      const pattern = raw.trim().toLowerCase()
      if (!pattern) continue
      if (pattern === '*') this.#any = true
      else if (pattern.startsWith('*.')) this.#suffixes.push(pattern.slice(1))
      else if (pattern.includes('/')) {
        const [network, prefix] = pattern.split('/')
        const family = isIP(network ?? '')
        if (!family || !/^\d{1,3}$/.test(prefix ?? '')) throw new Error(`RELAY_URL_ALLOWLIST: "${raw}" is not a valid CIDR`)
        this.#addresses.addSubnet(network!, Number(prefix), family === 6 ? 'ipv6' : 'ipv4')
      } else if (isIP(pattern)) this.#addresses.addAddress(pattern, isIP(pattern) === 6 ? 'ipv6' : 'ipv4')
      else this.#hosts.add(pattern)
    }
  }

  allows(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
    if (this.#any || this.#hosts.has(host)) return true
    if (this.#suffixes.some((suffix) => host.endsWith(suffix))) return true
    const family = isIP(host)
    return family !== 0 && this.#addresses.check(host, family === 6 ? 'ipv6' : 'ipv4')
  }

  /** The URL as CTR will call it, or a 400 naming what is wrong. */
  check(url: unknown, field = 'settings.url'): string {
    if (typeof url !== 'string' || !url.trim()) throw invalidRequest(`${field}: a relay module needs the URL of the module`)
    let parsed: URL
    try {
      parsed = new URL(url.trim())
    } catch {
      throw invalidRequest(`${field}: "${url}" is not a URL`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidRequest(`${field}: only http and https relay URLs are supported`)
    if (parsed.username || parsed.password) throw invalidRequest(`${field}: credentials in the URL are not allowed; use authorization-header`)
    if (!this.allows(parsed.hostname)) {
      throw invalidRequest(`${field}: host "${parsed.hostname}" is not in RELAY_URL_ALLOWLIST`)
    }
    return parsed.toString().replace(/\/+$/, '')
  }
}
