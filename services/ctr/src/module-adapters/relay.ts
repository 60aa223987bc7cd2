// Relay modules (the generic type and org-defined types): Cisco's relay protocol at the instance's URL.
import { DomainError, signHs256 } from '@ctrmock/kit'
import { ServiceUnavailableError } from '../clients/relay.ts'
import { moduleErrors, type ModuleError } from '../domain/enrich.ts'
import { bundleProblem } from '../domain/module-documents.ts'
import { configurationTokenClaims, relaySettings, type ConfigurationToken } from '../domain/module-settings.ts'
import { isDashboardApi, type AdapterContext, type ModuleAdapter, type ModuleAnswer } from './adapter.ts'

function supported(apis: string[], api: string): boolean {
  return apis.includes(api)
}

export const relayModule: ModuleAdapter = {
  wants(module, api, input) {
    const apis = module.instance.settings['supported-apis'] ?? module.typeProperties['supported-apis']
    // A relay without a declared list is asked the enrich and response APIs; a dashboard it must declare.
    if (Array.isArray(apis) ? !supported(apis as string[], api) : isDashboardApi(api)) return false
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
      : 'trigger' in input ? { ...input.trigger.params, 'action-id': input.trigger.actionId }
        : 'tile' in input ? { tile_id: input.tile.tileId, period: input.tile.period } : undefined
    const authorization = settings.configurationToken ? `Bearer ${await configurationTokenFor(settings.configurationToken, ctx)}` : settings.authorization
    let answer
    try {
      answer = await ctx.relay.call(settings.url, api, { body, ...(authorization ? { authorization } : {}), timeoutMs: ctx.timeoutMs })
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
      if (errors.length === 0) errors.push(unhandledError(answer.status, answer.body))
      return { errors }
    }
    if (typeof answer.body !== 'object' || answer.body === null) {
      return { errors: [{ type: 'fatal', code: 'invalid payload', message: 'The module answered something other than JSON' }] }
    }
    const problem = envelope.data !== undefined && (api === 'observe/observables' || api === 'deliberate/observables')
      ? bundleProblem(envelope.data, module.instance.name) : undefined
    if (problem) return { errors: [...errors, problem] }
    return { ...(envelope.data !== undefined ? { data: envelope.data } : {}), errors }
  },
}

/**
 * A configuration token for one call: RS256 with CTR's key (its JWKS on this CTR's host unless the type names one), or
 * HS256. Service time, not the org's: the relay checks it against its own clock.
 */
function configurationTokenFor(token: ConfigurationToken, ctx: AdapterContext): Promise<string> {
  const claims = configurationTokenClaims(token, new URL(ctx.publicUrl).host, ctx.clock.now())
  return token.alg === 'HS256' ? Promise.resolve(signHs256(token.key!, claims)) : ctx.signRs256(claims)
}

/** A relay's unhandled exception: that HTTP status with {code, message, reason} and no envelope (Cisco's template). */
function unhandledError(status: number, body: unknown): ModuleError {
  const crash = (body && typeof body === 'object' ? body : {}) as { message?: unknown; reason?: unknown }
  const detail = [crash.message, crash.reason].filter((part) => typeof part === 'string' && part).join(' ')
  return { type: 'fatal', code: 'unknown', message: `The module answered HTTP ${status}${detail ? `: ${detail}` : ''}` }
}
