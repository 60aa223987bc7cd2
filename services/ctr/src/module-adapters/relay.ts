// Relay modules (the generic type and org-defined types): Cisco's relay protocol at the instance's URL.
import { DomainError } from '@ctrmock/kit'
import { ServiceUnavailableError } from '../clients/relay.ts'
import { moduleErrors } from '../domain/enrich.ts'
import { relaySettings } from '../domain/module-settings.ts'
import type { ModuleAdapter, ModuleAnswer } from './adapter.ts'

function supported(apis: string[], api: string): boolean {
  return apis.includes(api)
}

export const relayModule: ModuleAdapter = {
  wants(module, api, input) {
    const apis = module.instance.settings['supported-apis'] ?? module.typeProperties['supported-apis']
    if (Array.isArray(apis) && !supported(apis as string[], api)) return false
    return !('observables' in input) || input.observables.length > 0
  },

  async call(module, api, input, ctx): Promise<ModuleAnswer> {
    let settings
    try {
      settings = relaySettings(module.instance.settings, ctx.relayPolicy, module.typeProperties)
    } catch (error) {
      if (error instanceof DomainError) return { errors: [{ type: 'fatal', code: 'invalid configuration', message: error.message }] }
      throw error
    }
    const body = 'observables' in input ? input.observables
      : 'trigger' in input ? { ...input.trigger.params, 'action-id': input.trigger.actionId } : undefined
    let answer
    try {
      answer = await ctx.relay.call(settings.url, api, { body, authorization: settings.authorization, timeoutMs: ctx.timeoutMs })
    } catch (error) {
      if (error instanceof ServiceUnavailableError) {
        return error.reason === 'timeout'
          ? { errors: [{ type: 'fatal', code: 'request timeout', message: `The module did not answer within ${ctx.timeoutMs} ms` }] }
          : { errors: [{ type: 'fatal', code: 'connection error', message: `The module at ${new URL(settings.url).origin} is unreachable` }] }
      }
      throw error
    }
    const envelope = (answer.body && typeof answer.body === 'object' ? answer.body : {}) as { data?: unknown; errors?: unknown }
    const errors = moduleErrors(envelope.errors)
    if (answer.status < 200 || answer.status >= 300) {
      if (errors.length === 0) errors.push({ type: 'fatal', code: 'unknown', message: `The module answered HTTP ${answer.status}` })
      return { errors }
    }
    if (typeof answer.body !== 'object' || answer.body === null) {
      return { errors: [{ type: 'fatal', code: 'invalid payload', message: 'The module answered something other than JSON' }] }
    }
    return { ...(envelope.data !== undefined ? { data: envelope.data } : {}), errors }
  },
}
