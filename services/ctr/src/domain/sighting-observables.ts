// What IROH enriches for a sighting: its observables and its targets' observables, each once.
import type { Observable } from '@ctrmock/types'

export function sightingObservables(sighting: { observables?: Observable[], targets?: Array<{ observables?: Observable[] }> }): Observable[] {
  const seen = new Map<string, Observable>()
  for (const o of [...(sighting.observables ?? []), ...(sighting.targets ?? []).flatMap((t) => t.observables ?? [])]) {
    seen.set(`${o.type}\u0000${o.value}`, { type: o.type, value: o.value })
  }
  return [...seen.values()]
}

const SIGHTING_KEY = /^sighting-[\w.-]{1,200}$/

/**
 * The CTIA key of a sighting ref: a sighting's id (`https://…/ctia/sighting/sighting-…`) or its short id
 * (`sighting-…`); undefined when the ref names no sighting.
 */
export function sightingRefKey(ref: string): string | undefined {
  const trimmed = ref.trim()
  const at = trimmed.lastIndexOf('/ctia/sighting/')
  const key = at < 0 ? trimmed : trimmed.slice(at + '/ctia/sighting/'.length)
  return SIGHTING_KEY.test(key) ? key : undefined
}
