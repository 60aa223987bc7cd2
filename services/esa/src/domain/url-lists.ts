// URL lists (Mail Policies > URL Lists): domains, hosts and URL patterns that URL filtering and content filters
// allow or match.
import type { UrlList } from '@ctrmock/types'
import { listName } from './config-lists.ts'
import { invalidInput } from './errors.ts'

export const URL_LIST = 'URL list'
const MAX_URLS = 10_000

/** The list's entries as given: each a domain (`example.com`), a pattern (`*.example.com/*`), an address or a URL. */
function urlEntries(urls: readonly string[]): string[] {
  if (urls.length === 0) throw invalidInput('A URL list needs at least one URL.')
  if (urls.length > MAX_URLS) throw invalidInput(`A URL list holds at most ${MAX_URLS} URLs.`)
  for (const url of urls) {
    if (url.length === 0 || url.length > 2048 || /[\s<>"]/.test(url)) throw invalidInput(`Invalid URL "${url.slice(0, 100)}".`)
  }
  return [...urls]
}

// Nothing on a mock appliance refers to a URL list, so `used_by` is always empty.
export function urlList(name: string, urls: readonly string[]): UrlList {
  const entries = urlEntries(urls)
  return { name: listName(URL_LIST, name), urls: entries, urls_count: entries.length, used_by: '' }
}
