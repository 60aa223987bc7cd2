// The ESA agent's part of /__mock/*: orgs (one appliance each), reset (drop an org's appliances; the default
// appliance comes back factory-fresh) and seed ({messages}, as POST /__mock/messages takes them).
import { Value } from '@sinclair/typebox/value'
import type { ControlPlaneHooks } from '@ctrmock/kit'
import { EsaOrgRequest, TrackedMessageLoad } from '@ctrmock/types'
import { DEFAULT_ORG } from './domain/appliances.ts'
import { defaultAppliance, loadTrackedMessages, provisionAppliance } from './domain/appliance-provisioning.ts'
import { invalidInput } from './domain/errors.ts'
import { cryptoRandom, type EsaWiring } from './wiring.ts'

function checked<T>(schema: Parameters<typeof Value.Check>[0], value: unknown, what: string): T {
  if (Value.Check(schema, value)) return value as T
  const first = Value.Errors(schema, value).First()
  throw invalidInput(`${what}${first?.path || ''}: ${first?.message ?? 'is invalid'}`)
}

/** Hooks for buildService; `wiring` is read when a hook runs (the wiring is made after the kit's instance). */
export function esaHooks(wiring: () => EsaWiring): ControlPlaneHooks {
  return {
    async reset(org) {
      const { store, runner, config } = wiring()
      const ids = await store.appliances.idsOfOrg(org)
      for (const id of ids) runner.stop(id)
      await store.appliances.delete(ids)
      if (org === undefined || org === DEFAULT_ORG) await store.appliances.ensure(defaultAppliance(config, cryptoRandom))
    },
    async createOrg(input) {
      const { store, config } = wiring()
      return provisionAppliance(store, config, cryptoRandom, checked<EsaOrgRequest>(EsaOrgRequest, input, 'body'))
    },
    async seed(fixtures) {
      const { store, serviceClock } = wiring()
      const wanted = (fixtures && typeof fixtures === 'object' ? fixtures : {}) as Record<string, unknown>
      if (wanted.messages === undefined) return { applianceId: wanted.applianceId ?? null, created: 0, mids: [] }
      const load = { messages: wanted.messages, ...(wanted.applianceId !== undefined ? { applianceId: wanted.applianceId } : {}) }
      return loadTrackedMessages(store, serviceClock, checked<TrackedMessageLoad>(TrackedMessageLoad, load, 'fixtures'))
    },
  }
}
