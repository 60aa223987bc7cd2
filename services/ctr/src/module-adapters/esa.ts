// The Email Security Appliance module: message tracking of the registered device, asked through SSE's device proxy.
import { DeviceMessageSearchResult, type DeviceMessageSearch } from '@ctrmock/types'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { SseCallError } from '../clients/sse.ts'
import { esaObservables, messageSighting } from '../domain/esa-sightings.ts'
import { esaSettings } from '../domain/module-settings.ts'
import { observablesOf, type ModuleAdapter, type ModuleAnswer } from './adapter.ts'

// Cisco relays cap entities per call at 100 (CTR_ENTITIES_LIMIT).
const MESSAGE_LIMIT = 100
/** The proxied call outlives the module's deadline a little, so that deadline (enrich's "request timeout") decides a
 *  slow device, not undici's coarser timers racing it with the same number. */
const PROXY_GRACE_MS = 1_000
// Compiled once: every enrich checks the device's answer.
const searchResult = TypeCompiler.Compile(DeviceMessageSearchResult)

function failure(error: unknown): ModuleAnswer {
  if (error instanceof SseCallError) return { errors: [{ type: 'fatal', code: error.code, message: error.message }] }
  throw error
}

export const esaModule: ModuleAdapter = {
  wants(_module, api, input) {
    if (api === 'health') return true
    return api === 'observe/observables' && esaObservables(observablesOf(input)).length > 0
  },

  async call(module, api, input, ctx) {
    const { device, timeframe } = esaSettings(module.instance.settings)
    const orgId = module.instance.orgId
    if (api === 'health') {
      try {
        const registered = (await ctx.sse.threatResponseDevices(orgId)).find((d) => d.id === device)
        if (!registered) return { data: { status: 'error' }, errors: [{ type: 'fatal', code: 'device-not-found', message: `Device ${device} is not registered with Cisco Threat Response enabled in Security Services Exchange` }] }
        if (registered.status === 'disconnected') return { data: { status: 'error' }, errors: [{ type: 'fatal', code: 'device-unavailable', message: `Device ${registered.name} (${device}) is not connected to Security Services Exchange` }] }
        return { data: { status: 'ok' }, errors: [] }
      } catch (error) {
        return failure(error)
      }
    }
    const now = ctx.clock.now(orgId)
    const window = 'window' in input ? input.window : undefined
    const search: DeviceMessageSearch = {
      observables: esaObservables(observablesOf(input)),
      startTime: (window?.start ?? new Date(now.getTime() - timeframe * 86_400_000)).toISOString(),
      endTime: (window?.end ?? now).toISOString(),
      limit: MESSAGE_LIMIT,
    }
    let answer
    try {
      answer = await ctx.sse.proxy(orgId, device, { method: 'POST', path: '/messages/search', body: search }, ctx.timeoutMs + PROXY_GRACE_MS)
    } catch (error) {
      return failure(error)
    }
    if (answer.status !== 200 || !searchResult.Check(answer.body)) {
      const detail = (answer.body as { error?: { message?: unknown } } | undefined)?.error?.message
      return { errors: [{ type: 'fatal', code: 'device-error', message: `The device answered HTTP ${answer.status}${typeof detail === 'string' ? `: ${detail}` : ' with an unexpected body'}` }] }
    }
    const docs = answer.body.messages.map((message) => messageSighting(message, module.instance.name))
    return { data: { sightings: { count: docs.length, docs } }, errors: [] }
  },
}
