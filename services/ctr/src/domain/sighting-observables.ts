// What IROH enriches for a sighting: its observables and its targets' observables, each once.
import type { Observable } from '@ctrmock/types'

export function sightingObservables(sighting: { observables?: Observable[], targets?: Array<{ observables?: Observable[] }> }): Observable[] {
  const seen = new Map<string, Observable>()
  for (const o of [...(sighting.observables ?? []), ...(sighting.targets ?? []).flatMap((t) => t.observables ?? [])]) {
    seen.set(`${o.type}\u0000${o.value}`, { type: o.type, value: o.value })
  }
  return [...seen.values()]
}
