// Message filters (Mail Policies > Message Filters): named rules in AsyncOS's filter language, applied in order.
// A filter naming a listener or interface the appliance lacks is kept but marked invalid, with the reasons.
import type { MessageFilter } from '@ctrmock/types'
import { findNamed, listName, withAdded } from './config-lists.ts'
import { invalidInput } from './errors.ts'

export const MESSAGE_FILTER = 'message filter'
// A filter's name is an identifier of the filter language.
const FILTER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/
const MAX_RULES = 20_000

export interface ApplianceNetwork { listeners: string[]; interfaces: string[] }

/** The listener and interface names every mock appliance has: its one SMTP listener, on its management interface. */
export const APPLIANCE_NETWORK: ApplianceNetwork = { listeners: ['IncomingMail'], interfaces: ['Management'] }

/** Unbalanced brackets or an open string: the appliance refuses the text outright. */
function syntaxError(rules: string): string | undefined {
  const closing: Record<string, string> = { '(': ')', '{': '}', '[': ']' }
  const open: string[] = []
  for (let i = 0; i < rules.length; i++) {
    const c = rules[i]!
    if (c === '"' || c === "'") {
      const end = rules.indexOf(c, i + 1)
      if (end < 0) return `unterminated string at ${i + 1}`
      i = end
    } else if (closing[c]) open.push(closing[c])
    else if (c === ')' || c === '}' || c === ']') {
      if (open.pop() !== c) return `unexpected "${c}" at ${i + 1}`
    }
  }
  return open.length > 0 ? `missing "${open.at(-1)}"` : undefined
}

const quoted = (pattern: string) => new RegExp(pattern, 'g')
const LISTENER = quoted(String.raw`recv-listener\s*[!=]=\s*"([^"]*)"`)
const INTERFACE = quoted(String.raw`recv-int\s*[!=]=\s*"([^"]*)"`)
const SOURCE_HOST = quoted(String.raw`alt-src-host\s*\(\s*"([^"]*)"\s*\)`)
const IP = /^[0-9.]+$|:/

/** Why a filter cannot run here: each listener or interface it names that the appliance lacks, in order. */
export function invalidReasons(rules: string, network: ApplianceNetwork): string[] {
  const found: Array<{ at: number; reason: string }> = []
  for (const m of rules.matchAll(LISTENER)) if (!network.listeners.includes(m[1]!)) found.push({ at: m.index, reason: `Listener '${m[1]}' unknown` })
  for (const m of rules.matchAll(INTERFACE)) if (!network.interfaces.includes(m[1]!)) found.push({ at: m.index, reason: `Interface '${m[1]}' unknown` })
  for (const m of rules.matchAll(SOURCE_HOST)) if (!IP.test(m[1]!) && !network.interfaces.includes(m[1]!)) found.push({ at: m.index, reason: `Interface '${m[1]}' unknown` })
  return found.sort((a, b) => a.at - b.at).map((f) => f.reason)
}

function activeFlag(value: string | boolean): 'true' | 'false' {
  const text = String(value).toLowerCase()
  if (text !== 'true' && text !== 'false') throw invalidInput(`Invalid active "${String(value).slice(0, 20)}": expected true or false.`)
  return text
}

function position(order: number | undefined, count: number): number {
  if (order === undefined) return count
  if (!Number.isInteger(order) || order < 1 || order > count + 1) throw invalidInput(`Invalid order ${order}: expected 1 to ${count + 1}.`)
  return order - 1
}

/** The filters with their 1-based order as they stand. */
export const renumbered = (filters: MessageFilter[]) => filters.map((f, i) => ({ ...f, order: i + 1 }))

export interface NewFilter { rules_and_actions: string; active?: string | boolean; order?: number }

/** The filters with a new one in its place, and the warning the appliance gives when it marked it invalid. */
export function withFilterAdded(current: readonly MessageFilter[], name: string, input: NewFilter, network: ApplianceNetwork = APPLIANCE_NETWORK) {
  listName(MESSAGE_FILTER, name, FILTER_NAME)
  const rules = input.rules_and_actions.trim()
  if (rules === '' || rules.length > MAX_RULES) throw invalidInput(`rules_and_actions must hold 1 to ${MAX_RULES} characters.`)
  const syntax = syntaxError(rules)
  if (syntax) throw invalidInput(`Invalid filter ${name}: ${syntax}.`)
  const reasons = invalidReasons(rules, network)
  const filter: MessageFilter = {
    name, rules_and_actions: rules, ...(reasons.length > 0 ? { invalid_reason: reasons.join('; ') } : {}),
    valid: reasons.length > 0 ? 'false' : 'true', active: activeFlag(input.active ?? 'true'), order: 0,
  }
  const entries = renumbered(withAdded(current, filter, MESSAGE_FILTER, position(input.order, current.length)))
  if (reasons.length === 0) return { entries }
  return { entries, warning: `Filter ${name} has been marked invalid for these reasons: ${reasons.map((r) => `${r};`).join(' ')}.` }
}

/** Turns a filter on or off and moves it to `order`. */
export function withFilterUpdated(current: readonly MessageFilter[], name: string, input: { active?: string | boolean; order?: number }): MessageFilter[] {
  if (input.active === undefined && input.order === undefined) throw invalidInput('At least one of active or order must be given.')
  const filter = findNamed(current, name, MESSAGE_FILTER)
  const updated = { ...filter, ...(input.active !== undefined ? { active: activeFlag(input.active) } : {}) }
  const rest = current.filter((f) => f.name !== name)
  const at = input.order === undefined ? current.indexOf(filter) : position(input.order, rest.length)
  return renumbered([...rest.slice(0, at), updated, ...rest.slice(at)])
}
