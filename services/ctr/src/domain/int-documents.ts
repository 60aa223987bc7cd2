// Shared rules of IROH's list endpoints over kept documents: exact-match filters, a text query, sort and paging.

export interface ListOptions {
  filters?: Record<string, string | undefined>
  /** Lower-cased text searched in the given fields. */
  query?: { text?: string, fields: string[] }
  sort_by?: string
  sort_order?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

export function listView<T extends Record<string, unknown>>(items: T[], options: ListOptions): T[] {
  const text = options.query?.text?.toLowerCase()
  const kept = items.filter((item) =>
    Object.entries(options.filters ?? {}).every(([key, value]) => value === undefined || item[key] === value)
    && (!text || options.query!.fields.some((f) => String(item[f] ?? '').toLowerCase().includes(text))))
  const key = options.sort_by ?? 'created_at'
  const sign = options.sort_order === 'desc' ? -1 : 1
  kept.sort((a, b) => sign * String(a[key] ?? '').localeCompare(String(b[key] ?? '')))
  const offset = options.offset ?? 0
  return kept.slice(offset, options.limit === undefined ? undefined : offset + options.limit)
}
